// Errors that only exist at the HTTP edge (authentication, permissions, conflicts), with their
// status. Services throw the typed errors of server/core; errors.ts maps both kinds.
import { SandboxError } from '../core/errors.js';
import { say, type Said } from '../shared/messages/say.js';

export class ApiError extends SandboxError {
  readonly status: number;
  constructor(status: number, code: string, message: string, details?: unknown, said: readonly Said[] = []) {
    super(code, message, details, said);
    this.status = status;
  }
}

/** A failed credential past the failure limits (auth-throttle.ts): 429 with retry-after. */
export class TooManyFailures extends ApiError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(
      429,
      'too_many_failures',
      `too many failed sign-ins or wrong tokens from your network; try again in ${retryAfterSeconds} seconds`,
      { retryAfterSeconds },
      [say('auth.too_many_failures', { seconds: retryAfterSeconds })],
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export const unauthenticated = () =>
  new ApiError(401, 'unauthenticated', 'sign in first: open the sign-in link from your course staff, or sign in with your personal token', undefined, [
    say('auth.unauthenticated'),
  ]);
export const forbidden = (what = 'this') => new ApiError(403, 'forbidden', `only course staff can use ${what}`, undefined, [say('auth.forbidden')]);
export const badRequest = (message: string, details?: unknown, said: readonly Said[] = []) => new ApiError(400, 'bad_request', message, details, said);
