// Throttling of failed credentials: wrong personal tokens (sign-in, bearer tokens on /api and the
// /v1 gateway) and wrong one-time codes, per client address and overall. A failure past either
// limit is answered 429 with retry-after instead of 401.
//
// Why only *failed* attempts are ever refused, never a valid credential: every secret here
// (tokens, session ids, one-time codes) is 256 random bits, so guessing is hopeless at any speed
// and the throttle is not what keeps them safe. What a throttle could do wrong is lock people out:
// - an overall limit that refused everything would let one attacker, from anywhere, sign the whole
//   class out for as long as they keep sending garbage;
// - a per-address limit that refused everything would lock out a whole lab or campus behind one
//   NAT address because of one student's broken script, and behind a reverse proxy every client
//   has the proxy's address, so it would be the overall limit again.
// So the credential is checked first (a hash and an indexed lookup, microseconds), a valid one
// always passes, and only failures are counted and, past the limits, answered 429: scripts and
// SDKs looping on a revoked token are told to back off, floods are cut short and visible.
//
// The per-address limit is checked first and a failure it refuses is not counted overall, so one
// address can spend at most its own share of the overall limit: reaching it takes failures from
// at least overall / per-address addresses, and until then a student elsewhere who mistypes a
// token still gets the helpful 401.
import { createMemoryFailureLimiter, type FailureLimiter, type FailureLimiterOptions } from './failure-limiter.js';

export type AuthFailureLimits = {
  /** Failed attempts per client address and minute (0: no limit). */
  perAddressPerMinute: number;
  /** Failed attempts from all addresses together per minute (0: no limit). */
  overallPerMinute: number;
};

export type AuthThrottle = {
  /** Records a failed credential from `addressKey`: null to answer the failure as usual, else the seconds to wait (answer 429). */
  failed(addressKey: string): Promise<number | null>;
};

export function createAuthThrottle(
  limits: AuthFailureLimits,
  // Per process by default; with several processes on one database pass `stores.failureLimiter`
  // (server/storage/stores.ts), whose counts they all share, so the limits hold across them.
  limiter: (options: FailureLimiterOptions) => FailureLimiter = createMemoryFailureLimiter,
): AuthThrottle {
  const perAddress = limiter({ perMinute: limits.perAddressPerMinute, name: 'auth-failures-address' });
  const overall = limiter({ perMinute: limits.overallPerMinute, name: 'auth-failures-overall' });
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
  return {
    async failed(addressKey) {
      const addressWait = await perAddress.hit(addressKey);
      if (addressWait !== null) return seconds(addressWait);
      const overallWait = await overall.hit('all');
      return overallWait === null ? null : seconds(overallWait);
    },
  };
}
