// One JSON line per request on stderr: method, path, status, duration, user id. Never the query
// string (it could carry a secret), never headers or bodies (tokens, prompts, hidden data), and
// the one-time sign-in code in its path is masked.
import type { RequestHandler } from 'express';
import { currentUser } from './auth.js';

export function loggedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/^(\/api\/auth\/one-time\/)[^/]*/, '$1***').slice(0, 300);
}

export function requestLog(log: (line: string) => void, clock: { now: () => number }): RequestHandler {
  return (request, response, next) => {
    const at = clock.now();
    const started = performance.now();
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
          path: loggedPath(request.originalUrl),
          status: response.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
          user: currentUser(response)?.id ?? null,
          ...(closed && !response.writableFinished ? { aborted: true } : {}),
        }),
      );
    }
    next();
  };
}
