// Every store of the sandbox behind its async port, as one object: what `openStores` returns for
// either adapter (SQLite embedded, PostgreSQL with DATABASE_URL), and what the contract suite
// (test/storage/store-contract.ts) checks on both.
import type { AccountStores } from '../accounts/account-ports.js';
import type { FailureLimiterFactory } from '../accounts/failure-limiter.js';
import type { AnalysisJobRecordsPort } from '../analysis/analysis-ports.js';
import type { ExtensionsStorePort } from '../deadlines/extensions-ports.js';
import type { DraftsStorePort } from '../drafts/drafts-ports.js';
import type { GradingLeasesPort, RegradeJobsPort, SubmissionSearchPort, SubmissionStorePort } from '../submissions/submission-ports.js';
import type { RequestLimitsPort, UsageLedgerPort, UsageReportsPort } from '../usage/usage-ports.js';
import type { AsyncPort } from '../core/async-port.js';
import type { InstanceRegistry } from './instance-registry.js';
import type { ResponseCachePort } from './response-cache-port.js';

export type StoreKind = 'sqlite' | 'postgres';

export type Stores = AccountStores & {
  kind: StoreKind;
  /** The processes alive on the database (their heartbeats): owners of reservations and running jobs. */
  instances: AsyncPort<InstanceRegistry>;
  submissions: SubmissionStorePort;
  submissionSearch: SubmissionSearchPort;
  regradeJobs: RegradeJobsPort;
  /**
   * The grading queue's leases, owned by this process (`instanceId`): a claim takes each queued
   * submission once across every process on the database, and an expired lease is taken back.
   * Lease expiry runs on real time (systemClock), never on the injected `clock`.
   */
  gradingLeases: GradingLeasesPort;
  usageLedger: UsageLedgerPort;
  usageReports: UsageReportsPort;
  requestLimits: RequestLimitsPort;
  drafts: DraftsStorePort;
  responseCache: ResponseCachePort;
  extensions: ExtensionsStorePort;
  analysisJobs: AnalysisJobRecordsPort;
  /**
   * A value that changes when another connection commits (SQLite's data_version), for caches that
   * must see other processes' writes; null where there is none cheap (PostgreSQL: no such cache).
   */
  changeVersion: (() => unknown) | null;
  /**
   * Makes a failure limiter (the failed-sign-in throttle, auth-throttle.ts) whose counts live in the
   * database: every process on it shares them and so enforces one limit. `perMinute: 0` is no limit.
   */
  failureLimiter: FailureLimiterFactory;
  close(): Promise<void>;
};
