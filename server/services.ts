// The server's services over one SQLite database: accounts, usage (budgets, limits, the call log),
// drafts and the submission queue. Built once per server (and per test), never as module singletons.
import os from 'node:os';
import { newId } from './accounts/secrets.js';
import { createAccounts, type Accounts } from './accounts/accounts.js';
import { createAnalysisJobRecords } from './analysis/analysis-job-records.js';
import { createAnalysisJobs, type AnalysisJobs } from './analysis/analysis-jobs.js';
import { countedSubmissions } from './analysis/counted-submissions.js';
import { createStaffMembers, type StaffMembers } from './accounts/staff-members.js';
import { createTokenReissue } from './accounts/reissue-tokens.js';
import { createTokenStatus } from './accounts/token-status.js';
import type { TokenStatus } from './core/staff-desk-api.js';
import { createRegradeJobs, type RegradeJobs } from './submissions/regrade-jobs.js';
import { createSubmissionSearch, type SubmissionSearch } from './submissions/submission-search.js';
import type { Catalog } from './catalog/catalog.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { User } from './core/api.js';
import type { AnyEvaluator } from './core/evaluator.js';
import type { ModelRegistry } from './core/model.js';
import { createDeadlines, type Deadlines } from './deadlines/deadlines.js';
import { createExtensionsStore } from './deadlines/extensions-store.js';
import { toAsyncPort } from './core/async-port.js';
import type { DraftsStorePort } from './drafts/drafts-ports.js';
import { createDraftsStore } from './drafts/drafts-store.js';
import type { CallMeter } from './grading/model-caller.js';
import type { RetryDeps } from './grading/retry.js';
import type { SqliteDatabase } from './storage/open-database.js';
import type { ResponseCache } from './grading/response-cache.js';
import { gradeSubmission } from './submissions/grade-submission.js';
import { createGradingLeases } from './submissions/grading-leases.js';
import { createPolledSubmissionEvents } from './submissions/polled-submission-events.js';
import { publicGradingError } from './submissions/public-error.js';
import { createSubmissionQueue, type SubmissionQueue } from './submissions/submission-queue.js';
import { createSubmissionStore, type StoredSubmission, type SubmissionStore } from './submissions/submission-store.js';
import { createBudgetScopes, type BudgetScopes } from './usage/budget-scope.js';
import { createMeter } from './usage/create-meter.js';
import { pricingLookup, type ModelPricing } from './usage/model-pricing.js';
import type { RequestLimiter } from './usage/request-limiter.js';
import { createSqliteRequestLimits } from './usage/sqlite-request-limits.js';
import { createInstanceRegistry, type InstanceRole } from './storage/instance-registry.js';
import { type Heartbeat, startHeartbeat } from './storage/instance-heartbeat.js';
import { createUsageLedger, type UsageLedger } from './usage/usage-ledger.js';
import { createUsageReports, type UsageReports } from './usage/usage-reports.js';

export type ServiceDeps = {
  config: Pick<Config, 'quotas' | 'concurrency' | 'timeoutMs' | 'gradingWorkers' | 'gradingTimeBudgetMs' | 'gradingMaxAttempts' | 'sessionDays'> & {
    /** Default 30 s (SANDBOX_GRADING_LEASE_MS). */
    gradingLeaseMs?: number;
    /** How long this process counts as alive after its last heartbeat (default 30 s; SANDBOX_INSTANCE_TTL_MS). */
    instanceTtlMs?: number;
  };
  /**
   * What this process does (default 'all', one process): 'web' serves pages, API and gateway and
   * never grades; 'worker' grades only. A worker's start touches nothing the web processes own
   * (lateness; reservations only those of processes that are gone, as every process does).
   */
  role?: ProcessRole;
  catalog: Catalog;
  models: ModelRegistry;
  getEvaluator: (name: string) => AnyEvaluator | undefined;
  db: SqliteDatabase;
  cache: ResponseCache | null;
  clock: Clock;
  log: (line: string) => void;
  /** Tests pass instant sleeps so retries do not slow them down. */
  retryDeps?: RetryDeps;
  /** The drafts store (async port): default the SQLite one over `db`; PostgreSQL's in its tests. */
  drafts?: DraftsStorePort;
};

/** The same roles the instance registry records for each process. */
export type ProcessRole = InstanceRole;

/** How often a process looks at the database for work and for other processes' progress. */
const POLL_MS = 500;

export type Services = {
  /** This process on the database: its id (owner of its reservations, leases, jobs) and its heartbeat; `stop` at shutdown. */
  instance: Heartbeat;
  accounts: Accounts;
  ledger: UsageLedger;
  reports: UsageReports;
  limiter: RequestLimiter;
  scopes: BudgetScopes;
  pricing: (modelId: string) => ModelPricing | undefined;
  drafts: DraftsStorePort;
  submissions: SubmissionStore;
  queue: SubmissionQueue;
  /** The staff grading desk: filtered lists and the queue view, bulk re-grades, staff membership, token state. */
  search: SubmissionSearch;
  regradeJobs: RegradeJobs;
  staffMembers: StaffMembers;
  tokenStatus: (userId: string) => TokenStatus;
  /** New tokens for several people in one transaction (all or none), in the order given. */
  reissueTokens: (userIds: readonly string[]) => string[];
  /** Students' effective deadlines, extensions, lateness and the grade that counts. */
  deadlines: Deadlines;
  /** Per student, the submission that counts for a task (program and report): what the analysis pages read. */
  counted: (taskId: string) => StoredSubmission[];
  /** Staff analysis jobs in the background: prompt similarity, grading the reference program. */
  analysisJobs: AnalysisJobs;
  /** Meters a person's own model calls: students against their budget, staff counted only. */
  meterFor(user: User, scope: string, model: string, source: string): CallMeter;
  /** Meters a judge model's calls on a person's outputs: the course's, logged and never charged to them. */
  judgeMeterFor(userId: string, scope: string, judgeModel: string): CallMeter;
};

export function createServices(deps: ServiceDeps): Services {
  const { db, clock, config } = deps;
  const role = deps.role ?? 'all';
  const accounts = createAccounts(db, clock, { sessionDays: config.sessionDays });
  // This process announces itself before it looks at what others left: every process sharing the
  // database beats in server_instances, in real time (liveness is not the course's clock).
  // The id names the process (host and pid) for the operator reading the tables.
  const instanceId = `${os.hostname()}:${process.pid}:${newId('i')}`;
  const ledger = createUsageLedger(db, clock, config.quotas, { owner: instanceId });
  // A crash may have left reservations and running analysis jobs behind: those of processes that
  // are gone are released at start and after every heartbeat (a crashed process's are freed within
  // about one expiry even if nothing restarts), never those of a process still on this database.
  const jobRecords = createAnalysisJobRecords(db, clock, { owner: instanceId });
  const sweep = (now: number) => {
    const released = ledger.releaseAbandonedReservations(now);
    if (released) deps.log(`usage: ${released} reservation${released > 1 ? 's' : ''} of stopped processes released`);
    const failed = jobRecords.failAbandoned('interrupted by a server restart; start it again', now);
    if (failed) deps.log(`analysis: ${failed} job${failed > 1 ? 's' : ''} of stopped processes ended as failed`);
  };
  const instance = startHeartbeat({
    registry: createInstanceRegistry(db),
    instance: { id: instanceId, role },
    now: () => systemClock.now(),
    ttlMs: config.instanceTtlMs ?? 30_000,
    log: deps.log,
    sweep,
  });
  sweep(systemClock.now());
  // Rate limit and in-flight cap in the database, so every process on it enforces one limit.
  const limiter = createSqliteRequestLimits(db, clock, config.quotas);
  const scopes = createBudgetScopes(deps.catalog, clock);
  const pricing = pricingLookup(deps.models);
  const submissions = createSubmissionStore(db, clock);
  const judgeMeter = (userId: string, scope: string, judgeModel: string) =>
    createMeter(ledger, { userId, scope, source: 'judge', model: judgeModel, mode: 'log' }, pricing(judgeModel));
  const deadlines = createDeadlines({ catalog: deps.catalog, submissions, extensions: createExtensionsStore(db, clock), clock });
  // The assignment file may have changed since the last start (a new late policy, a moved due
  // date): lateness and final points follow it, raw points stay (see deadlines.ts).
  const recomputed = role === 'worker' ? 0 : deadlines.recompute();
  if (recomputed)
    deps.log(`deadlines: lateness and final points of ${recomputed} submission${recomputed > 1 ? 's' : ''} recomputed for the current assignment files`);
  // Leases measure a worker's liveness in real time, whatever clock the course's rules run on.
  // The owner names the process (host and pid), for the operator reading the submissions table.
  const leases = createGradingLeases(db, systemClock, instance.id);
  const queue = createSubmissionQueue({
    store: submissions,
    leases,
    pollMs: POLL_MS,
    // Students' progress streams also see gradings that other processes on this database run.
    events: createPolledSubmissionEvents({ leases, get: (id) => submissions.get(id), pollMs: POLL_MS, log: deps.log }),
    workers: config.gradingWorkers,
    limits: { timeBudgetMs: config.gradingTimeBudgetMs, maxAttempts: config.gradingMaxAttempts, leaseMs: config.gradingLeaseMs ?? 30_000 },
    log: deps.log,
    grade: (submission, run) =>
      gradeSubmission(
        submission,
        {
          catalog: deps.catalog,
          models: deps.models,
          getEvaluator: deps.getEvaluator,
          cache: deps.cache,
          concurrency: config.concurrency,
          timeoutMs: config.timeoutMs,
          log: deps.log,
          ...(deps.retryDeps ? { retryDeps: deps.retryDeps } : {}),
          meterFor: (s) =>
            createMeter(ledger, { userId: s.userId, scope: scopes.ofTask(s.taskId), source: 'submission', model: s.model, mode: 'log' }, pricing(s.model)),
          judgeMeterFor: (s, judgeModel) => judgeMeter(s.userId, scopes.ofTask(s.taskId), judgeModel),
        },
        run,
      ),
    publicError: (submission, error) => {
      const task = deps.catalog.tasks().find((t) => t.id === submission.taskId) ?? null;
      return publicGradingError(error, task);
    },
  });
  const counted = (taskId: string) => countedSubmissions({ deadlines, submissions, students: () => accounts.users.list('student') }, taskId);
  const analysisJobs = createAnalysisJobs({
    db,
    clock,
    task: (taskId) => deps.catalog.task(taskId),
    counted,
    models: deps.models,
    getEvaluator: deps.getEvaluator,
    cache: deps.cache,
    concurrency: config.concurrency,
    timeoutMs: config.timeoutMs,
    log: deps.log,
    instance: { id: instance.id, now: () => systemClock.now() },
  });
  return {
    instance,
    accounts,
    ledger,
    reports: createUsageReports(db),
    limiter,
    scopes,
    pricing,
    drafts: deps.drafts ?? toAsyncPort(createDraftsStore(db, clock)),
    submissions,
    queue,
    search: createSubmissionSearch(db),
    regradeJobs: createRegradeJobs(db, clock, submissions),
    staffMembers: createStaffMembers({ db, users: accounts.users, credentials: accounts.credentials, forgetCachedUsers: accounts.forgetCachedUsers }),
    tokenStatus: createTokenStatus(db),
    reissueTokens: createTokenReissue(db, accounts.credentials),
    deadlines,
    counted,
    analysisJobs,
    judgeMeterFor: judgeMeter,
    meterFor: (user, scope, model, source) =>
      createMeter(ledger, { userId: user.id, scope, source, model, mode: user.role === 'staff' ? 'count' : 'enforce' }, pricing(model)),
  };
}
