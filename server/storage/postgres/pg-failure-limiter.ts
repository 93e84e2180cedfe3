// The failed-sign-in limiter on PostgreSQL: rate-limiter-flexible's RateLimiterPostgres over the
// stores' pg Pool, so every instance on the database counts into the same rows (one INSERT … ON
// CONFLICT per failure, atomic) and enforces one limit. The table comes from migration 10
// (failure-limiter.ts says why), so the library is told `tableCreated` and runs no DDL.
import type pg from 'pg';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import {
  databaseLimiterOptions,
  FAILURE_COUNTS_TABLE,
  type FailureLimiterFactory,
  limiterOver,
  parseFailureLimiterOptions,
} from '../../accounts/failure-limiter.js';

export function pgFailureLimiters(pool: pg.Pool): FailureLimiterFactory {
  return (input) => {
    const options = parseFailureLimiterOptions(input);
    if (options.perMinute === 0) return { hit: async () => null };
    const limiter = new RateLimiterPostgres({ storeClient: pool, storeType: 'pool', ...databaseLimiterOptions(options) });
    return limiterOver(limiter, (before) => pool.query(`DELETE FROM ${FAILURE_COUNTS_TABLE} WHERE expire < $1`, [before]));
  };
}
