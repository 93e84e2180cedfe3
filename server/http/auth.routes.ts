// Signing in and out. A personal token (or the one-time URL printed at first start) is exchanged
// for a session cookie; the browser never keeps the token itself.
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AuthThrottle } from '../accounts/auth-throttle.js';
import type { SessionOrigin } from '../accounts/credentials.js';
import { LoginBodySchema, type User } from '../core/api.js';
import { ApiError } from './api-error.js';
import type { AppDeps } from './app-deps.js';
import { clearedSessionCookie, failedCredential, parseCookies, SESSION_COOKIE, sessionCookie } from './auth.js';
import { jsonBody } from './body-parsers.js';
import { parseBody, parseParams } from './validate.js';
import { say } from '../shared/messages/say.js';

/** The sign-in page's query value for "this one-time link was used or has expired". */
export const USED_LINK = 'used';

const CodeParamsSchema = z.object({ code: z.string().min(10).max(200) });

export function authRoutes(deps: AppDeps, throttle: AuthThrottle): Router {
  const router = Router();
  const { accounts } = deps.services;

  async function startSession(response: Response, user: User, origin: SessionOrigin) {
    const session = await accounts.credentials.createSession(user.id, origin);
    await accounts.users.markSignedIn(user.id);
    const maxAgeSeconds = Math.floor((session.expiresAt - deps.clock.now()) / 1000);
    response.setHeader('set-cookie', sessionCookie(session.id, { maxAgeSeconds, secure: deps.config.cookieSecure }));
  }

  // Failed sign-ins and codes are throttled (429 past the limits); valid ones always pass.
  router.post('/auth/login', jsonBody('16kb'), async (request, response) => {
    const { token } = parseBody(LoginBodySchema, request.body);
    // The token row, not only its user: the session records it and ends when it is revoked.
    const active = await accounts.credentials.activeToken(token.trim());
    const user = active ? await accounts.users.get(active.userId) : null;
    if (!active || !user) {
      throw await failedCredential(
        throttle,
        request,
        new ApiError(401, 'invalid_token', 'this token is not valid (it may have been revoked or re-issued); ask the course staff for a new one', undefined, [
          say('auth.invalid_token'),
        ]),
      );
    }
    await startSession(response, user, { kind: 'token', tokenId: active.tokenId });
    response.json({ user });
  });

  router.get('/auth/one-time/:code', async (request, response) => {
    const { code } = parseParams(CodeParamsSchema, request.params);
    const userId = await accounts.credentials.redeemSignInCode(code);
    const user = userId ? await accounts.users.get(userId) : null;
    if (!user) {
      const failure = new ApiError(401, 'invalid_code', 'this sign-in link was already used or has expired', undefined, [say('auth.invalid_code')]);
      const answer = await failedCredential(throttle, request, failure);
      if (answer !== failure) throw answer; // throttled: 429 with retry-after
      // A person opened this link in a browser: send them to the sign-in page, which says how to
      // get a new link (`sandbox staff sign-in`) instead of showing raw JSON.
      response.redirect(302, `/signin?link=${USED_LINK}`);
      return;
    }
    await startSession(response, user, { kind: 'code' });
    response.redirect(302, '/');
  });

  // Ends this browser's session on the server (the row is deleted), not only its cookie.
  router.post('/auth/logout', async (request, response) => {
    const sessionId = parseCookies(request.headers.cookie)[SESSION_COOKIE];
    if (sessionId) await accounts.credentials.deleteSession(sessionId);
    response.setHeader('set-cookie', clearedSessionCookie(deps.config.cookieSecure));
    response.status(204).end();
  });
  return router;
}
