// What a request limiter is, whatever holds its state: the per-student rate limit (requests per
// minute, sliding window) and the cap on requests in flight; both refuse with core's RateLimited
// (`RateLimited.inFlight`, and `tooManyPerMinute` below, which works out when to try again).
// The state is shared by every process on the database: sqlite-request-limits.ts on the embedded
// file, storage/postgres/pg-request-limits.ts on PostgreSQL. (An in-memory limiter used to live
// here; it held the limits of one process only, so N web processes allowed N times the limit.
// Nothing needs it any more.)
import { RateLimited } from '../core/errors.js';

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

export function tooManyPerMinute(perMinute: number, oldestStart: number, now: number): RateLimited {
  return RateLimited.perMinute(perMinute, Math.max(1, Math.ceil((oldestStart + RATE_WINDOW_MS - now) / 1000)));
}
