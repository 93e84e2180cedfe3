// The gateway's fast lane: POST /v1/chat/completions, /v1/completions and /v1/responses with a
// plain JSON body are answered before express sees them (the server's listener,
// sandbox-listener.ts, asks the lane first and hands express what it declines). Measured under the
// benchmark's load, express's dispatch alone (re-prototyping each request and response, the router
// stack) cost about 0.3 ms of CPU per request on a 2-CPU machine, a fifth of the whole gateway's; a
// notebook's calls are exactly these requests. Everything else under /v1 (GET /v1/models, other
// content types or encodings, chunked bodies, unknown paths) still goes through the express routes,
// and both ways share the gateway handler, the request id, the request log line and the error
// mapping, so the answers are the same.
import type http from 'node:http';
import type { User } from '../core/api.js';
import type { AppDeps } from './app-deps.js';
import type { GatewayKind } from './gateway-call.js';
import { assignRequestId } from './request-id.js';
import type { GatewayHandler } from './gateway-handler.js';
import { GATEWAY_BODY_LIMIT } from './gateway.routes.js';
import { readJsonBody } from './read-json-body.js';
import { logWhenDone } from './request-log.js';
import type { SecurityHeaders } from './security-headers.js';

const PATHS: Record<string, GatewayKind> = { '/v1/chat/completions': 'chat', '/v1/completions': 'completions', '/v1/responses': 'responses' };

/** JSON in UTF-8 (the default), the only body the lane reads itself; anything else is express's. */
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*(?:utf-8|"utf-8")\s*)?$/i;

/** Which gateway endpoint the request is for, when the lane can take it whole; null leaves it to express. */
export function fastLaneKind(request: http.IncomingMessage): GatewayKind | null {
  if (request.method !== 'POST') return null;
  const url = request.url ?? '';
  const query = url.indexOf('?');
  const kind = PATHS[query < 0 ? url : url.slice(0, query)];
  if (!kind) return null;
  const { headers } = request;
  if (!PLAIN_JSON.test(headers['content-type'] ?? '')) return null;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return null;
  if (headers['transfer-encoding'] !== undefined) return null;
  const length = Number(headers['content-length']);
  if (!Number.isInteger(length) || length <= 0 || length > GATEWAY_BODY_LIMIT) return null;
  return kind;
}

/** Takes the request when it can (returns true) and answers it completely. */
export function gatewayFastLane(
  deps: AppDeps,
  handler: GatewayHandler,
  security: Pick<SecurityHeaders, 'apply'>,
): (request: http.IncomingMessage, response: http.ServerResponse) => boolean {
  return (request, response) => {
    const kind = fastLaneKind(request);
    if (!kind) return false;
    // express's helmet never runs for these: the same headers, set before any answer is written.
    security.apply(response);
    assignRequestId(response);
    let user: User | null = null;
    logWhenDone(deps.log, deps.clock, request, response, () => user);
    void (async () => {
      try {
        // Authentication before the body is read, as in the express routes: a stranger gets 401, not details.
        user = await handler.authenticate(request);
        const body = await readJsonBody(request);
        await handler.serve(kind, user, body, response);
      } catch (error) {
        handler.sendError(response, error);
      }
    })();
    return true;
  };
}
