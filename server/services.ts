// The server's services over the stores of one database (SQLite embedded, or PostgreSQL shared by
// several processes): accounts, usage (budgets, limits, the call log), drafts, deadlines, the
// grading queue and the staff analysis jobs. Built once per process (and per test), never as
// module singletons. Every store is an async port (server/storage/stores.ts), so nothing here
// knows which database it runs on; only the queue differs (pg-boss on PostgreSQL: see `queue`).
import type { Catalog } from './catalog/catalog.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { User } from './core/api.js';
import type { AnyEvaluator } from './core/evaluator.js';
import type { ModelRegistry } from './core/model.js';
import type { TokenStatus } from './core/staff-desk-api.js';
import { createAccounts, forgettingAfter, type Accounts } from './accounts/accounts.js';
import type { StaffMembersPort } from './accounts/account-ports.js';
import { createAnalysisJobs, type AnalysisJobs } from './analysis/analysis-jobs.js';
import { countedSubmissions } from './analysis/counted-submissions.js';
import { createDeadlines, type Deadlines } from './deadlines/deadlines.js';
import type { DraftsStorePort } from './drafts/drafts-ports.js';
import type { CallMeter } from './grading/model-caller.js';
import type { ResponseCache } from './grading/response-cache.js';
import type { RetryDeps } from './grading/retry.js';
import { type Heartbeat, startHeartbeat } from './storage/instance-heartbeat.js';
import type { InstanceRole } from './storage/instance-registry.js';
import type { Stores } from './storage/stores.js';
import { gradeSubmission } from './submissions/grade-submission.js';
import { type QueueParts, queueLimitsFrom, type SubmissionQueue } from './submissions/grading-queue.js';
import { createPolledSubmissionEvents } from './submissions/polled-submission-events.js';
import { publicGradingError } from './submissions/public-error.js';
import type { RegradeJobsPort, SubmissionSearchPort, SubmissionStorePort } from './submissions/submission-ports.js';
import { createSubmissionQueue } from './submissions/submission-queue.js';
import type { StoredSubmission } from './submissions/submission-store.js';
import { createBudgetScopes, type BudgetScopes } from './usage/budget-scope.js';
import { createMeter } from './usage/create-meter.js';
import { pricingLookup, type ModelPricing } from './usage/model-pricing.js';
import type { RequestLimitsPort, UsageLedgerPort, UsageReportsPort } from './usage/usage-ports.js';

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
  /** This process's id on the database: the one its stores were opened with (StoreOptions.instanceId). */
  instanceId: string;
  stores: Stores;
  catalog: Catalog;
  models: ModelRegistry;
  getEvaluator: (name: string) => AnyEvaluator | undefined;
  cache: ResponseCache | null;
  clock: Clock;
  log: (line: string) => void;
  /** Tests pass instant sleeps so retries do not slow them down. */
  retryDeps?: RetryDeps;
  /**
   * The grading queue over these stores: by default the embedded one (this process's workers claim
   * from the submissions table under leases); on PostgreSQL serve and worker pass pg-boss's
   * (server/submissions/pgboss-grading-queue.ts).
   */
  queue?: (parts: QueueParts) => Promise<SubmissionQueue>;
};

/** The same roles the instance registry records for each process. */
export type ProcessRole = InstanceRole;

/** How often a process looks at the database for work and for other processes' progress. */
const POLL_MS = 500;

export type Services = {
  /** This process on the database: its id (owner of its reservations, leases, jobs) and its heartbeat; `stop` at shutdown. */
  instance: Heartbeat;
  stores: Stores;
  accounts: Accounts;
  ledger: UsageLedgerPort;
  reports: UsageReportsPort;
  limiter: RequestLimitsPort;
  scopes: BudgetScopes;
  pricing: (modelId: string) => ModelPricing | undefined;
  drafts: DraftsStorePort;
  submissions: SubmissionStorePort;
  queue: SubmissionQueue;
  /** The staff grading desk: filtered lists and the queue view, bulk re-grades, staff membership, token state. */
  search: SubmissionSearchPort;
  regradeJobs: RegradeJobsPort;
  staffMembers: StaffMembersPort;
  tokenStatus: (userId: string) => Promise<TokenStatus>;
  /** Everyone's token status by user id, in one read (the roster); missing means never issued. */
  tokenStatusByUser: () => Promise<Map<string, TokenStatus>>;
  /** Students' effective deadlines, extensions, lateness and the grade that counts. */
  deadlines: Deadlines;
  /** Per student, the submission that counts for a task (program and report): what the analysis pages read. */
  counted: (taskId: string) => Promise<StoredSubmission[]>;
  /** Staff analysis jobs in the background: prompt similarity, grading the reference program. */
  analysisJobs: AnalysisJobs;
  /** Meters a person's own model calls: students against their budget, staff counted only. */
  meterFor(user: User, scope: string, model: string, source: string): CallMeter;
  /** Meters a judge model's calls on a person's outputs: the course's, logged and never charged to them. */
  judgeMeterFor(userId: string, scope: string, judgeModel: string): CallMeter;
  /** Stops grading and analysis jobs and leaves the database's list of processes (the stores stay open). */
  stop(): Promise<void>;
};

export async function createServices(deps: ServiceDeps): Promise<Services> {
  const { stores, clock, config } = deps;
  const role = deps.role ?? 'all';
  const accounts = createAccounts(stores, clock, { changeVersion: stores.changeVersion });
  const ledger = stores.usageLedger;
  // A crash may have left reservations and running analysis jobs behind: those of processes that
  // are gone are released at start and after every heartbeat (a crashed process's are freed within
  // about one expiry even if nothing restarts), never those of a process still on this database.
  const sweep = async (now: number) => {
    const released = await ledger.releaseAbandonedReservations(now);
    if (released) deps.log(`usage: ${released} reservation${released > 1 ? 's' : ''} of stopped processes released`);
    const failed = await stores.analysisJobs.failAbandoned('interrupted by a server restart; start it again', now);
    if (failed) deps.log(`analysis: ${failed} job${failed > 1 ? 's' : ''} of stopped processes ended as failed`);
  };
  // This process announces itself before it looks at what others left: every process sharing the
  // database beats in server_instances, in real time (liveness is not the course's clock).
  const instance = await startHeartbeat({
    registry: stores.instances,
    instance: { id: deps.instanceId, role },
    now: () => systemClock.now(),
    ttlMs: config.instanceTtlMs ?? 30_000,
    log: deps.log,
    sweep,
  });
  await sweep(systemClock.now());
  const scopes = createBudgetScopes(deps.catalog, clock);
  const pricing = pricingLookup(deps.models);
  const submissions = stores.submissions;
  const judgeMeter = (userId: string, scope: string, judgeModel: string) =>
    createMeter(ledger, { userId, scope, source: 'judge', model: judgeModel, mode: 'log' }, pricing(judgeModel));
  const deadlines = createDeadlines({ catalog: deps.catalog, submissions, extensions: stores.extensions, clock });
  // The assignment file may have changed since the last start (a new late policy, a moved due
  // date): lateness and final points follow it, raw points stay (see deadlines.ts).
  const recomputed = role === 'worker' ? 0 : await deadlines.recompute();
  if (recomputed)
    deps.log(`deadlines: lateness and final points of ${recomputed} submission${recomputed > 1 ? 's' : ''} recomputed for the current assignment files`);
  const leases = stores.gradingLeases;
  const parts: QueueParts = {
    store: submissions,
    leases,
    // Students' progress streams also see gradings that other processes on this database run.
    events: createPolledSubmissionEvents({ leases, get: (id) => submissions.get(id), pollMs: POLL_MS, log: deps.log }),
    workers: config.gradingWorkers,
    limits: queueLimitsFrom(config),
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
  };
  const queue = deps.queue ? await deps.queue(parts) : createSubmissionQueue({ ...parts, pollMs: POLL_MS });
  const counted = (taskId: string) => countedSubmissions({ deadlines, submissions, students: () => accounts.users.list('student') }, taskId);
  const analysisJobs = createAnalysisJobs({
    records: stores.analysisJobs,
    task: (taskId) => deps.catalog.task(taskId),
    counted,
    models: deps.models,
    getEvaluator: deps.getEvaluator,
    cache: deps.cache,
    concurrency: config.concurrency,
    timeoutMs: config.timeoutMs,
    log: deps.log,
  });
  // A change of staff membership changes roles: remembered token lookups are forgotten at once.
  const forgetting = forgettingAfter(accounts.forgetCachedUsers);
  return {
    instance,
    stores,
    accounts,
    ledger,
    reports: stores.usageReports,
    limiter: stores.requestLimits,
    scopes,
    pricing,
    drafts: stores.drafts,
    submissions,
    queue,
    search: stores.submissionSearch,
    regradeJobs: stores.regradeJobs,
    staffMembers: { ...stores.staffMembers, add: forgetting(stores.staffMembers.add), remove: forgetting(stores.staffMembers.remove) },
    tokenStatus: stores.tokenStatus,
    tokenStatusByUser: stores.tokenStatusByUser,
    deadlines,
    counted,
    analysisJobs,
    judgeMeterFor: judgeMeter,
    meterFor: (user, scope, model, source) =>
      createMeter(ledger, { userId: user.id, scope, source, model, mode: user.role === 'staff' ? 'count' : 'enforce' }, pricing(model)),
    async stop() {
      await queue.stop();
      await analysisJobs.stop();
      await instance.stop();
    },
  };
}
