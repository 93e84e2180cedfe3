// Every store on the embedded SQLite database, behind the async ports: the existing synchronous
// stores, each wrapped (server/core/async-port.ts), so the SQLite behaviour is exactly what it was.
// Each `sqliteStores` stands for one process on the file: its reservations and analysis jobs name
// `options.instanceId` as their owner.
import { newId } from '../accounts/secrets.js';
import { createCredentials } from '../accounts/credentials.js';
import { sqliteFailureLimiters } from '../accounts/sqlite-failure-limiter.js';
import { importRoster } from '../accounts/import-roster.js';
import { createTokenReissue } from '../accounts/reissue-tokens.js';
import { createStaffMembers } from '../accounts/staff-members.js';
import { createTokenStatus, createTokenStatusByUser } from '../accounts/token-status.js';
import { createUsers } from '../accounts/users.js';
import { createAnalysisJobRecords } from '../analysis/analysis-job-records.js';
import { systemClock } from '../clock.js';
import { toAsyncFn, toAsyncPort } from '../core/async-port.js';
import { createExtensionsStore } from '../deadlines/extensions-store.js';
import { createDraftsStore } from '../drafts/drafts-store.js';
import { createGradingLeases } from '../submissions/grading-leases.js';
import { createRegradeJobs } from '../submissions/regrade-jobs.js';
import { createSubmissionSearch } from '../submissions/submission-search.js';
import { createSubmissionStore } from '../submissions/submission-store.js';
import { createSqliteRequestLimits } from '../usage/sqlite-request-limits.js';
import { createUsageLedger } from '../usage/usage-ledger.js';
import { asyncRequestLimits } from '../usage/usage-ports.js';
import { createUsageReports } from '../usage/usage-reports.js';
import type { SqliteDatabase } from './open-database.js';
import type { StoreOptions } from './postgres/postgres-stores.js';
import { createInstanceRegistry } from './instance-registry.js';
import { createSqliteResponseCache } from './response-cache.js';
import type { Stores } from './stores.js';

export function sqliteStores(db: SqliteDatabase, options: StoreOptions): Stores {
  const { clock } = options;
  const owner = options.instanceId ?? newId('inst');
  const users = createUsers(db, clock);
  const credentials = createCredentials(db, clock, { sessionDays: options.sessionDays });
  const submissions = createSubmissionStore(db, clock);
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  return {
    kind: 'sqlite',
    users: toAsyncPort(users),
    credentials: toAsyncPort(credentials),
    tokenStatus: toAsyncFn(createTokenStatus(db)),
    tokenStatusByUser: toAsyncFn(createTokenStatusByUser(db)),
    staffMembers: toAsyncPort(createStaffMembers({ db, users, credentials, forgetCachedUsers: () => undefined })),
    reissueTokens: toAsyncFn(createTokenReissue(db, credentials)),
    importRoster: toAsyncFn((csv: string) => importRoster(csv, { db, users, credentials })),
    submissions: toAsyncPort(submissions),
    submissionSearch: toAsyncPort(createSubmissionSearch(db)),
    regradeJobs: toAsyncPort(createRegradeJobs(db, clock, submissions)),
    // Real time, not options.clock: a lease measures whether a worker is alive, and every process
    // on the database compares expiries written by the others and renews them from real timers (the
    // queue's heartbeat). The course's clock may be moved (tests, a simulated deadline) and would
    // expire every lease at once or none; services.ts does the same.
    gradingLeases: toAsyncPort(createGradingLeases(db, systemClock, owner)),
    instances: toAsyncPort(createInstanceRegistry(db)),
    usageLedger: toAsyncPort(createUsageLedger(db, clock, options.quotas, { owner })),
    usageReports: toAsyncPort(createUsageReports(db)),
    requestLimits: asyncRequestLimits(createSqliteRequestLimits(db, clock, options.quotas)),
    drafts: toAsyncPort(createDraftsStore(db, clock)),
    responseCache: createSqliteResponseCache(db),
    extensions: toAsyncPort(createExtensionsStore(db, clock)),
    analysisJobs: toAsyncPort(createAnalysisJobRecords(db, clock, { owner })),
    changeVersion: () => dataVersion.get(),
    failureLimiter: sqliteFailureLimiters(db),
    close: async () => void db.close(),
  };
}
