// Counting failures per key in one-minute windows, behind a small interface so that the memory
// store (one process, forgets at restart) can be replaced by a database-backed one when several
// server instances share the work (issue 12): rate-limiter-flexible has the same limiter over
// SQLite and PostgreSQL (RateLimiterSQLite, RateLimiterPostgres), so such a store is a
// constructor away, and nothing outside this file knows which one is used.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export type FailureLimiter = {
  /** Counts one failure under `key`: null while the key is within its limit, else the milliseconds until its window ends. */
  hit(key: string): Promise<number | null>;
};

export type FailureLimiterOptions = {
  /** Failures allowed per key and minute; 0 turns the limit off. */
  perMinute: number;
  /** Keeps limiters apart when they share a store. */
  name: string;
};

export function createMemoryFailureLimiter(options: FailureLimiterOptions): FailureLimiter {
  if (options.perMinute === 0) return { hit: async () => null };
  const limiter = new RateLimiterMemory({ points: options.perMinute, duration: 60, keyPrefix: options.name });
  return {
    async hit(key) {
      try {
        await limiter.consume(key);
        return null;
      } catch (rejection) {
        // The library rejects with a RateLimiterRes when the key is over its limit, with an Error otherwise.
        if (rejection instanceof RateLimiterRes) return Math.max(rejection.msBeforeNext, 1);
        throw rejection;
      }
    },
  };
}
