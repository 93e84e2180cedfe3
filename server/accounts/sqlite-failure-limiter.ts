// The failed-sign-in limiter on the embedded SQLite file: rate-limiter-flexible's RateLimiterSQLite
// over our better-sqlite3 connection, so every process on the file counts into the same rows (one
// upsert per failure, atomic under SQLite's write lock) and enforces one limit, where the memory
// limiter gave each process its own. The table comes from migration 10 (failure-limiter.ts says why).
import { RateLimiterSQLite } from 'rate-limiter-flexible';
import type { SqliteDatabase } from '../storage/open-database.js';
import { databaseLimiterOptions, FAILURE_COUNTS_TABLE, type FailureLimiterFactory, limiterOver, parseFailureLimiterOptions } from './failure-limiter.js';

export function sqliteFailureLimiters(db: SqliteDatabase): FailureLimiterFactory {
  const sweep = db.prepare<[number]>(`DELETE FROM ${FAILURE_COUNTS_TABLE} WHERE expire < ?`);
  return (input) => {
    const options = parseFailureLimiterOptions(input);
    if (options.perMinute === 0) return { hit: async () => null };
    const limiter = new RateLimiterSQLite({ storeClient: db, storeType: 'better-sqlite3', ...databaseLimiterOptions(options) });
    return limiterOver(limiter, async (before) => sweep.run(before));
  };
}
