// The OpenAI-compatible gateway (/v1): a student points the `openai` SDK or a notebook at the
// sandbox with their personal token as the API key, instead of holding the course's provider key.
// These express routes serve every /v1 request the fast lane (gateway-fast-lane.ts) leaves to
// express; both hand the work to the same gateway handler.
import { Router, type Request, type Response } from 'express';
import { ApiError } from './api-error.js';
import type { AppDeps } from './app-deps.js';
import { jsonBody } from './body-parsers.js';
import { unknownModel } from './gateway-call.js';
import { assignRequestId } from './request-id.js';
import type { GatewayHandler } from './gateway-handler.js';

export function gatewayRoutes(deps: AppDeps, handler: GatewayHandler): Router {
  const router = Router();

  // Every /v1 answer carries a request id, errors included (the request log line repeats it).
  router.use((_request, response, next) => {
    assignRequestId(response);
    next();
  });

  // Authentication first, so that even a malformed body from a stranger gets 401, not details.
  router.use((request, response, next) => {
    handler.authenticate(request).then((user) => {
      response.locals.user = user;
      next();
    }, next);
  });

  /** The models the gateway serves (text models), in OpenAI's model object. */
  const gatewayModels = () => {
    const created = Math.floor(deps.clock.now() / 1000);
    return deps.models
      .list()
      .filter((model) => model.kind === 'text')
      .map((model) => ({ id: model.id, object: 'model', created, owned_by: model.provider }));
  };
  router.get('/models', (_request, response) => {
    response.json({ object: 'list', data: gatewayModels() });
  });
  // `client.models.retrieve(id)`: the id arrives percent-encoded, so an id with a slash is one segment.
  router.get('/models/:id', (request, response, next) => {
    const id = String(request.params.id);
    const model = gatewayModels().find((candidate) => candidate.id === id);
    if (model) response.json(model);
    else next(unknownModel(id.slice(0, 200)));
  });

  const body = jsonBody(GATEWAY_BODY_LIMIT);
  router.post('/chat/completions', body, (request, response) => handler.serve('chat', response.locals.user, request.body, response));
  router.post('/completions', body, (request, response) => handler.serve('completions', response.locals.user, request.body, response));
  router.post('/responses', body, (request, response) => handler.serve('responses', response.locals.user, request.body, response));
  // Nothing is stored (store: false), so there is no response to fetch, cancel or delete.
  router.use('/responses', (request, _response, next) =>
    next(
      new ApiError(
        404,
        'not_found',
        `Invalid URL (${request.method} /v1/responses${request.path.slice(0, 200)}): the sandbox gateway does not store responses (store: false), so they cannot be fetched, cancelled or deleted later`,
      ),
    ),
  );
  router.use((request, _response, next) =>
    next(
      new ApiError(
        404,
        'not_found',
        `Invalid URL (${request.method} /v1${request.path.slice(0, 200)}): the sandbox gateway serves GET /v1/models, GET /v1/models/{id}, POST /v1/chat/completions, POST /v1/completions and POST /v1/responses`,
      ),
    ),
  );
  router.use((error: unknown, _request: Request, response: Response, _next: (error?: unknown) => void) => handler.sendError(response, error));
  return router;
}

/** The largest request body the gateway reads, in bytes (both ways in). */
export const GATEWAY_BODY_LIMIT = 2 * 1024 * 1024;
