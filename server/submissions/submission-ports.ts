// The async ports of the submissions domain: the store (queue, grades, daily limit), the staff
// search, the bulk re-grade jobs and the grading leases. Each is the synchronous API with promises (server/core/async-port.ts),
// implemented on SQLite (server/storage/sqlite-stores.ts) and PostgreSQL (server/storage/postgres/).
// The contract both must keep is test/storage/store-contract.ts; in particular `create` checks the
// daily limit and inserts atomically, across processes on PostgreSQL; a lease claim takes each
// queued submission once, whichever process claims.
import type { AsyncPort } from '../core/async-port.js';
import type { GradingLeases } from './grading-leases.js';
import type { RegradeJobs } from './regrade-jobs.js';
import type { SubmissionSearch } from './submission-search.js';
import type { SubmissionStore } from './submission-store.js';

export type SubmissionStorePort = AsyncPort<SubmissionStore>;
export type SubmissionSearchPort = AsyncPort<SubmissionSearch>;
export type RegradeJobsPort = AsyncPort<RegradeJobs>;
/** Claims, heartbeats, expiry take-back and dead letters of the grading queue (grading-leases.ts). */
export type GradingLeasesPort = AsyncPort<GradingLeases>;
