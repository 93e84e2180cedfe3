// One JSON line per request on stderr: method, path, status, duration, user id, and the request id
// of a /v1 answer (its `x-request-id`, so staff find a student's failing call). Never the query
// string (it could carry a secret), never headers or bodies (tokens, prompts, hidden data), and
// the one-time sign-in code in its path is masked.
import type http from 'node:http';
import type { RequestHandler } from 'express';
import type { User } from '../core/api.js';
import { currentUser } from './auth.js';

export function loggedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/^(\/api\/auth\/one-time\/)[^/]*/, '$1***').slice(0, 300);
}

/**
 * Logs `request` once its response has finished or the connection closed. Plain node objects, so
 * the gateway's fast lane (which skips express) writes the very same line; `userOf` is asked at
 * the end, once authentication has happened.
 */
export function logWhenDone(
  log: (line: string) => void,
  clock: { now: () => number },
  request: http.IncomingMessage,
  response: http.ServerResponse,
  userOf: () => User | null,
): void {
  const at = clock.now();
  const started = performance.now();
  // express keeps the URL the app saw in originalUrl while routers trim `url`.
  const url = (request as { originalUrl?: string }).originalUrl ?? request.url ?? '';
  response.on('finish', () => finish(false));
  response.on('close', () => finish(true));
  let logged = false;
  function finish(closed: boolean) {
    if (logged) return;
    logged = true;
    log(
      JSON.stringify({
        time: new Date(at).toISOString(),
        level: response.statusCode >= 500 ? 'error' : 'info',
        method: request.method,
        path: loggedPath(url),
        status: response.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        user: userOf()?.id ?? null,
        ...requestIdField(response),
        ...(closed && !response.writableFinished ? { aborted: true } : {}),
      }),
    );
  }
}

/** The answer's `x-request-id` (set on every /v1 answer), when it has one. */
function requestIdField(response: http.ServerResponse): { requestId?: string } {
  const id = response.getHeader('x-request-id');
  return typeof id === 'string' ? { requestId: id } : {};
}

export function requestLog(log: (line: string) => void, clock: { now: () => number }): RequestHandler {
  return (request, response, next) => {
    logWhenDone(log, clock, request, response, () => currentUser(response));
    next();
  };
}
