// Every store on one PostgreSQL database: a pool, the migrations applied (under their advisory
// lock), and the adapters of server/storage/postgres/ over the pool.
import { newId } from '../../accounts/secrets.js';
import { type Clock, systemClock } from '../../clock.js';
import type { QuotaSettings } from '../../config.js';
import type { Stores } from '../stores.js';
import { createPgAccountStores } from './pg-account-stores.js';
import { createPgAnalysisJobRecords } from './pg-analysis-jobs.js';
import type pg from 'pg';
import { createPool, type Db, poolDb } from './pg-db.js';
import { pgFailureLimiters } from './pg-failure-limiter.js';
import { createPgGradingLeases } from './pg-grading-leases.js';
import { migratePostgres } from './pg-migrate.js';
import { createPgRegradeJobs } from './pg-regrade-jobs.js';
import { createPgRequestLimits } from './pg-request-limits.js';
import { createPgInstances } from './pg-instances.js';
import { createPgDraftsStore, createPgExtensionsStore, createPgResponseCache } from './pg-small-stores.js';
import { createPgSubmissionSearch } from './pg-submission-search.js';
import { createPgSubmissionStore } from './pg-submissions.js';
import { createPgUsageLedger } from './pg-usage-ledger.js';
import { createPgUsageReports } from './pg-usage-reports.js';

export type StoreOptions = {
  clock: Clock;
  quotas: QuotaSettings;
  sessionDays: number;
  /** The process these stores serve (server_instances id): owner of its reservations, grading leases and analysis jobs; default a new one. */
  instanceId?: string;
};

/** The stores over `pool` (`db` is the handle the adapters query through, poolDb(pool)). */
export function postgresStoresOn(pool: pg.Pool, db: Db, options: StoreOptions, close: () => Promise<void>): Stores {
  const { clock } = options;
  const owner = options.instanceId ?? newId('inst');
  return {
    kind: 'postgres',
    instances: createPgInstances(db),
    ...createPgAccountStores(db, clock, { sessionDays: options.sessionDays }),
    submissions: createPgSubmissionStore(db, clock),
    submissionSearch: createPgSubmissionSearch(db),
    regradeJobs: createPgRegradeJobs(db, clock),
    // Real time, as on SQLite (sqlite-stores.ts says why).
    gradingLeases: createPgGradingLeases(db, systemClock, owner),
    usageLedger: createPgUsageLedger(db, clock, options.quotas, { owner }),
    usageReports: createPgUsageReports(db),
    requestLimits: createPgRequestLimits(db, clock, options.quotas),
    drafts: createPgDraftsStore(db, clock),
    responseCache: createPgResponseCache(db),
    extensions: createPgExtensionsStore(db, clock),
    analysisJobs: createPgAnalysisJobRecords(db, clock, { owner }),
    changeVersion: null,
    // The library queries the pool itself (its own upsert, with named prepared statements).
    failureLimiter: pgFailureLimiters(pool),
    close,
  };
}

export async function openPostgresStores(url: string, options: StoreOptions & { poolSize?: number }): Promise<Stores> {
  const pool = createPool(url, { max: options.poolSize });
  try {
    const db = poolDb(pool);
    await migratePostgres(db);
    return postgresStoresOn(pool, db, options, () => pool.end());
  } catch (error) {
    await pool.end();
    throw error;
  }
}
