// Counting failures per key in one-minute windows, behind a small interface so that the memory
// store (one process, forgets at restart) can be replaced by a database-backed one when several
// server instances share the work (issue 12): rate-limiter-flexible has the same limiter over
// SQLite and PostgreSQL (RateLimiterSQLite, RateLimiterPostgres), so such a store is a
// constructor away, and nothing outside this file knows which one is used. The database-backed
// ones are `Stores.failureLimiter` (sqlite-failure-limiter.ts, postgres/pg-failure-limiter.ts);
// this file keeps what they share: the options, the answer to a hit, the sweep of old counts.
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';

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

/** The database-backed limiters' options: a window other than a minute is for tests only (the library runs on real time). */
export type SharedFailureLimiterOptions = FailureLimiterOptions & { windowMs?: number };

/** Makes a limiter; `Stores.failureLimiter` is one whose counts every process on the database shares. */
export type FailureLimiterFactory = (options: SharedFailureLimiterOptions) => FailureLimiter;

/**
 * The table of the database-backed limiters, created by the migrations (SQLite and PostgreSQL
 * migration 10) in the library's own layout (key, points, expire in ms), so the limiters are built
 * with `tableCreated: true` and no DDL runs when a request first fails.
 */
export const FAILURE_COUNTS_TABLE = 'failure_counts';

const optionsSchema = z.object({
  perMinute: z.number().int().min(0),
  name: z.string().min(1),
  windowMs: z.number().positive().finite().optional(),
});

export function parseFailureLimiterOptions(options: SharedFailureLimiterOptions): SharedFailureLimiterOptions {
  return optionsSchema.parse(options);
}

/** The library options both database limiters share: our table (no DDL, no timer) and the window. */
export function databaseLimiterOptions(options: SharedFailureLimiterOptions) {
  return {
    tableName: FAILURE_COUNTS_TABLE,
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix: options.name,
    points: options.perMinute,
    duration: (options.windowMs ?? 60_000) / 1000,
  };
}

export function createMemoryFailureLimiter(options: FailureLimiterOptions): FailureLimiter {
  if (options.perMinute === 0) return { hit: async () => null };
  return limiterOver(new RateLimiterMemory({ points: options.perMinute, duration: 60, keyPrefix: options.name }));
}

const SWEEP_EVERY_MS = 5 * 60_000;
const KEEP_EXPIRED_MS = 3_600_000;

/**
 * A FailureLimiter over a rate-limiter-flexible limiter. `sweep` deletes the counts that expired
 * before a time: run here, at most every five minutes and never awaited, instead of the library's
 * own timer (clearExpiredByTimeout), which would go on firing at a closed database after `close`.
 */
export function limiterOver(limiter: RateLimiterAbstract, sweep?: (expiredBefore: number) => Promise<unknown>): FailureLimiter {
  let sweptAt = Date.now();
  return {
    async hit(key) {
      if (sweep && Date.now() - sweptAt >= SWEEP_EVERY_MS) {
        sweptAt = Date.now();
        void sweep(sweptAt - KEEP_EXPIRED_MS).catch(() => undefined);
      }
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
