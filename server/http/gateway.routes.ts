// The OpenAI-compatible gateway (/v1): a student points the `openai` SDK or a notebook at the
// sandbox with their personal token as the API key, instead of holding the course's provider key.
// These express routes serve every /v1 request the fast lane (gateway-fast-lane.ts) leaves to
// express; both hand the work to the same gateway handler.
import { Router, type Request, type Response } from 'express';
import { ApiError } from './api-error.js';
import type { AppDeps } from './app-deps.js';
import { jsonBody } from './body-parsers.js';
import type { GatewayHandler } from './gateway-handler.js';

export function gatewayRoutes(deps: AppDeps, handler: GatewayHandler): Router {
  const router = Router();

  // Authentication first, so that even a malformed body from a stranger gets 401, not details.
  router.use((request, response, next) => {
    handler.authenticate(request).then((user) => {
      response.locals.user = user;
      next();
    }, next);
  });

  router.get('/models', (_request, response) => {
    const created = Math.floor(deps.clock.now() / 1000);
    const data = deps.models
      .list()
      .filter((model) => model.kind === 'text')
      .map((model) => ({ id: model.id, object: 'model', created, owned_by: model.provider }));
    response.json({ object: 'list', data });
  });

  const body = jsonBody(GATEWAY_BODY_LIMIT);
  router.post('/chat/completions', body, (request, response) => handler.serve('chat', response.locals.user, request.body, response));
  router.post('/completions', body, (request, response) => handler.serve('completions', response.locals.user, request.body, response));
  router.use((request, _response, next) =>
    next(
      new ApiError(
        404,
        'not_found',
        `Invalid URL (${request.method} /v1${request.path}): the sandbox gateway serves GET /v1/models, POST /v1/chat/completions and POST /v1/completions`,
      ),
    ),
  );
  router.use((error: unknown, _request: Request, response: Response, _next: (error?: unknown) => void) => handler.sendError(response, error));
  return router;
}

/** The largest request body the gateway reads, in bytes (both ways in). */
export const GATEWAY_BODY_LIMIT = 2 * 1024 * 1024;
