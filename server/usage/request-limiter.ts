// What a request limiter is, whatever holds its state: the per-student rate limit (requests per
// minute, sliding window), the cap on requests in flight, and the refusal both throw. The state is
// shared by every process on the database: sqlite-request-limits.ts on the embedded file,
// storage/postgres/pg-request-limits.ts on PostgreSQL. (An in-memory limiter used to live here; it
// held the limits of one process only, so N web processes allowed N times the limit. Nothing needs
// it any more.)
import { SandboxError } from '../core/errors.js';

/** Too many requests right now; `retryAfterSeconds` says when one will be accepted again. */
export class RateLimited extends SandboxError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('rate_limited', message, { retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export type RequestLimiter = {
  /** Takes a slot for one model-using request or throws RateLimited; call `release` when it ends. */
  acquire(userId: string): { release: () => void };
  inFlight(userId: string): number;
};

export type RequestLimitSettings = { rateLimitPerMinute: number; maxConcurrentRequests: number; slotTtlMs?: number };

/** The sliding window of the rate limit. */
export const RATE_WINDOW_MS = 60_000;

/** A slot not released after this long belongs to a process that died with the request in flight. */
export const DEFAULT_SLOT_TTL_MS = 15 * 60_000;

export function tooManyInFlight(running: number, cap: number): RateLimited {
  return new RateLimited(`you already have ${running} model requests running (at most ${cap} at a time); wait for one to finish`, 1);
}

export function tooManyPerMinute(perMinute: number, oldestStart: number, now: number): RateLimited {
  const retryAfterSeconds = Math.max(1, Math.ceil((oldestStart + RATE_WINDOW_MS - now) / 1000));
  return new RateLimited(`too many model requests: at most ${perMinute} a minute; try again in ${retryAfterSeconds} s`, retryAfterSeconds);
}
