// Who is calling: a session cookie (browsers) or `Authorization: Bearer <personal token>`
// (scripts, notebooks, the gateway). The cookie is parsed here rather than with cookie-parser:
// one cookie, one small function.
import type http from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Accounts } from '../accounts/accounts.js';
import type { AuthThrottle } from '../accounts/auth-throttle.js';
import type { User } from '../core/api.js';
import { ApiError, forbidden, TooManyFailures, unauthenticated } from './api-error.js';
import { clientAddressKey } from './client-address.js';
import { say } from '../shared/messages/say.js';

export const SESSION_COOKIE = 'sandbox_session';

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    const raw = part
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      cookies[name] = decodeURIComponent(raw);
    } catch {
      cookies[name] = raw;
    }
  }
  return cookies;
}

/** Any request with headers: express's, or node's own in the gateway fast lane. */
export function bearerToken(request: Pick<Request, 'headers'>): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1]! : null;
}

export function sessionCookie(id: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(id)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${options.maxAgeSeconds}${options.secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

type AuthLocals = { user?: User | null; via?: 'session' | 'token' };

/**
 * The error to answer a failed credential with (a wrong token, sign-in or one-time code): `failure`
 * itself (401), or 429 once the caller's address or everyone together has failed too often
 * (auth-throttle.ts says why valid credentials are never refused). Any request: express's, or
 * node's own in the gateway fast lane.
 */
export async function failedCredential(throttle: AuthThrottle, request: Pick<http.IncomingMessage, 'socket'>, failure: ApiError): Promise<ApiError> {
  const wait = await throttle.failed(clientAddressKey(request.socket.remoteAddress));
  return wait === null ? failure : new TooManyFailures(wait);
}

/** Sets `response.locals.user` (or null); rejects only a wrong bearer token. */
export function authenticate(accounts: Accounts, throttle: AuthThrottle): RequestHandler {
  const identify = async (request: Parameters<RequestHandler>[0], locals: AuthLocals): Promise<ApiError | null> => {
    const token = bearerToken(request);
    if (token) {
      locals.user = token.length <= 200 ? await accounts.userForToken(token) : null;
      locals.via = 'token';
      // A wrong token is an error, not "anonymous": the caller meant to sign in.
      if (!locals.user) {
        const failure = new ApiError(
          401,
          'invalid_token',
          'the personal token is not valid (it may have been revoked or re-issued); ask the course staff for a new one',
          undefined,
          [say('auth.invalid_token')],
        );
        return failedCredential(throttle, request, failure);
      }
      return null;
    }
    const sessionId = parseCookies(request.headers.cookie)[SESSION_COOKIE];
    locals.user = sessionId && sessionId.length <= 200 ? await accounts.userForSession(sessionId) : null;
    if (locals.user) locals.via = 'session';
    return null;
  };
  return (request, response, next) => {
    identify(request, response.locals as AuthLocals).then((refusal) => next(refusal ?? undefined), next);
  };
}

/** `scheme://host[:port]` as browsers write an Origin (default ports dropped), or null when it is none. */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Cookies ride along on cross-site requests; SameSite=Lax already keeps them off cross-site POSTs,
 * and this refuses state-changing cookie requests from any other *origin* as a second guard. Origin,
 * not site: SameSite counts http://course.example:8080 (anyone's server on the same lab machine) and
 * http:// next to https:// as the same site, so scheme, host and port are all compared.
 */
export function sameOriginForCookies(options: { publicUrl: string | null; cookieSecure: boolean }): RequestHandler {
  // Behind a reverse proxy the Host header may be the proxy's upstream name; the public URL is the
  // origin browsers really use.
  const publicOrigin = options.publicUrl ? originOf(options.publicUrl) : null;
  return (request, response, next) => {
    const locals = response.locals as AuthLocals;
    const origin = request.headers.origin;
    if (locals.via !== 'session' || origin === undefined || ['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return next();
    // Our own origin as this request reached us. A Secure cookie is only ever sent over HTTPS, so
    // with secure cookies the browser's page is https even when a TLS proxy speaks http to us.
    const scheme = options.cookieSecure || request.secure ? 'https' : 'http';
    const own = request.headers.host ? originOf(`${scheme}://${request.headers.host}`) : null;
    const from = originOf(origin);
    if (from === null || (from !== own && from !== publicOrigin)) {
      return next(
        new ApiError(403, 'cross_origin', 'this request came from another site; open the sandbox itself to do this', undefined, [say('auth.cross_origin')]),
      );
    }
    next();
  };
}

export function currentUser(response: Response): User | null {
  return (response.locals as AuthLocals).user ?? null;
}

/** The signed-in user, or a 401. */
export function userOf(response: Response): User {
  const user = currentUser(response);
  if (!user) throw unauthenticated();
  return user;
}

export const requireUser: RequestHandler = (_request: Request, response: Response, next: NextFunction) => {
  if (!currentUser(response)) return next(unauthenticated());
  next();
};

export function requireStaff(what: string): RequestHandler {
  return (_request, response, next) => {
    const user = currentUser(response);
    if (!user) return next(unauthenticated());
    if (user.role !== 'staff') return next(forbidden(what));
    next();
  };
}
