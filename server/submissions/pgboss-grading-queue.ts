// The grading queue on PostgreSQL: submissions are jobs in pg-boss (a well-kept job queue on
// Postgres), so any number of `worker` processes on any machine share them. pg-boss holds the
// leases: a job is active for at most the grading time budget plus a grace period
// (`expireInSeconds`); a worker that dies never completes it, and pg-boss's maintenance hands it
// out again once it expires. Failures on the server's side are retried by pg-boss with exponential
// backoff and, after the last attempt, go to the dead-letter queue `grading-dead`, whose worker
// marks the submission dead-lettered with pg-boss's reason (the staff queue view shows it).
// One job per submission at a time: singletonKey = submission id on a `stately` queue (at most one
// waiting and one running job per key), so a double submit or a sweep never grades twice.
// The grade itself is written as in the embedded queue (grading-attempt.ts): one UPDATE guarded by
// the attempt's own lease on the submission row, so an attempt that pg-boss gave up on (its worker
// stalled past the expiry) and that finishes late writes nothing, and nothing is charged twice.
import type PgBoss from 'pg-boss';
import { Cancelled, errorMessage } from '../core/errors.js';
import { type AttemptDeps, guarded, runGradingAttempt } from './grading-attempt.js';
import type { QueueLimits, QueueParts, SubmissionQueue } from './grading-queue.js';
import { createLocalSubmissionEvents, mergeSubmissionEvents, type SubmissionEvents } from './submission-events.js';

export const GRADING_QUEUE = 'grading';
export const DEAD_LETTER_QUEUE = 'grading-dead';

type GradingJobData = { submissionId: string };

export type PgBossQueueSettings = {
  /** Added to the grading time budget for pg-boss's expiry (default 30 s). */
  expireGraceSeconds: number;
  /** First retry delay; doubled (with jitter) on each further retry (default 10 s). */
  retryDelaySeconds: number;
  /** How often an idle worker asks PostgreSQL for a job (default 2 s; at least 0.5). */
  pollingIntervalSeconds: number;
};

export const defaultPgBossQueueSettings: PgBossQueueSettings = { expireGraceSeconds: 30, retryDelaySeconds: 10, pollingIntervalSeconds: 2 };

/** The options of the `grading` queue for these limits (exported for the tests and docs/deploy.md). */
export function gradingQueueOptions(limits: QueueLimits, settings: PgBossQueueSettings): Omit<PgBoss.Queue, 'name'> {
  return {
    policy: 'stately',
    // pg-boss counts retries, we count attempts: the first attempt plus maxAttempts - 1 retries.
    retryLimit: limits.maxAttempts - 1,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: Math.ceil(limits.timeBudgetMs / 1000) + settings.expireGraceSeconds,
    deadLetter: DEAD_LETTER_QUEUE,
  };
}

/** Creates (or updates) the two queues; safe when several processes start at once. */
export async function ensureGradingQueues(boss: PgBoss, limits: QueueLimits, settings: PgBossQueueSettings): Promise<void> {
  const ensure = async (name: string, options: Omit<PgBoss.Queue, 'name'>) => {
    if (await boss.getQueue(name)) return boss.updateQueue(name, { name, ...options });
    try {
      await boss.createQueue(name, { name, ...options });
    } catch (error) {
      // Another process created it between the two calls.
      if (!(await boss.getQueue(name))) throw error;
    }
  };
  await ensure(DEAD_LETTER_QUEUE, { policy: 'standard' });
  await ensure(GRADING_QUEUE, gradingQueueOptions(limits, settings));
}

/** Sends the job that grades a submission (the queues exist: ensureGradingQueues). */
export async function sendGradingJob(boss: PgBoss, submissionId: string): Promise<void> {
  // null: a job for this submission is already waiting (singletonKey); it grades the current row.
  await boss.send(GRADING_QUEUE, { submissionId } satisfies GradingJobData, { singletonKey: submissionId });
}

/** Why pg-boss gave up on a job, from the output it stored (an error, or its expiry message). */
function reasonOf(output: unknown): string {
  const value = (output as { value?: { message?: unknown }; message?: unknown } | null) ?? null;
  const message = value?.message ?? value?.value?.message;
  return typeof message === 'string' ? message : 'the queue gave up on it';
}

export async function createPgBossGradingQueue(
  deps: Omit<QueueParts, 'events'> & {
    /** A started pg-boss instance; the caller owns it (and stops it after this queue). */
    boss: PgBoss;
    settings?: Partial<PgBossQueueSettings>;
    /** Where students' progress streams read from (another process grades); by default this process's events. */
    events?: SubmissionEvents;
  },
): Promise<SubmissionQueue> {
  const { boss, store, leases, limits } = deps;
  const settings = { ...defaultPgBossQueueSettings, ...deps.settings };
  await ensureGradingQueues(boss, limits, settings);
  const local = createLocalSubmissionEvents();
  const feed = deps.events ? mergeSubmissionEvents(local, deps.events) : local;
  const attemptDeps: AttemptDeps = { store, leases, grade: deps.grade, events: local, log: deps.log, publicError: deps.publicError, limits };
  const stopReason = new Cancelled('the worker is stopping');
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let workerIds: string[] = [];
  let sweepQueued = false;

  const enqueue = (submissionId: string) => sendGradingJob(boss, submissionId);

  async function grade(job: PgBoss.Job<GradingJobData>): Promise<void> {
    const id = job.data.submissionId;
    const claimed = await guarded(() => leases.claimById(id, limits.leaseMs));
    // A storage fault: let pg-boss retry the job later.
    if (!claimed.ok) throw new Error(`could not claim submission ${id} (storage fault: ${claimed.fault})`);
    // Graded, failed or deleted already: a duplicate delivery, nothing to do.
    if (!claimed.value) return;
    const submission = await store.get(id);
    if (!submission) return;
    const controller = new AbortController();
    let finish!: () => void;
    running.set(id, { controller, done: new Promise<void>((resolve) => (finish = resolve)) });
    try {
      const outcome = await runGradingAttempt(attemptDeps, submission, claimed.value.lease, controller, stopReason);
      // Back to pg-boss: its retry (with backoff) or, after the last one, its dead-letter queue.
      if (outcome.kind === 'retry') throw new Error(outcome.reason);
      if (outcome.kind === 'failed' && outcome.failure.kind === 'infrastructure') throw new Error(outcome.failure.reason);
      if (outcome.kind === 'unwritten') throw new Error(`storage fault: ${outcome.reason}`);
      // A graceful stop handed the submission back: a new job grades it (the stately queue allows
      // one waiting job beside this running one), and this one completes without using a retry.
      if (outcome.kind === 'stopped') await enqueue(id);
    } finally {
      running.delete(id);
      finish();
    }
  }

  async function deadLetter(job: PgBoss.JobWithMetadata<GradingJobData>): Promise<void> {
    const id = job.data.submissionId;
    const reason = `dead-lettered after ${limits.maxAttempts} attempts: ${reasonOf(job.output)}`;
    deps.log(`submission ${id}: ${reason}`);
    await leases.deadLetter(id, reason);
    const finished = await guarded(() => store.get(id));
    if (finished.ok && finished.value?.status === 'failed') local.emit(id, { type: 'finished', submission: finished.value });
  }

  async function sweep() {
    sweepQueued = false;
    const ids = await guarded(() => leases.queuedIds(500));
    if (!ids.ok) return;
    for (const id of ids.value) await enqueue(id).catch((error: unknown) => deps.log(`could not enqueue submission ${id}: ${errorMessage(error)}`));
  }

  return {
    // Never rejects (routes fire and forget): a failed send leaves the row queued, and the next
    // notify() sweep (a re-grade) or a staff re-grade sends it again.
    enqueue: (id) => enqueue(id).catch((error: unknown) => deps.log(`could not enqueue submission ${id}: ${errorMessage(error)}`)),
    start() {
      if (workerIds.length) return;
      const options = { batchSize: 1, pollingIntervalSeconds: settings.pollingIntervalSeconds };
      const starting = [
        ...Array.from({ length: deps.workers }, () => boss.work<GradingJobData>(GRADING_QUEUE, options, async ([job]) => job && grade(job))),
        boss.work<GradingJobData>(DEAD_LETTER_QUEUE, { ...options, includeMetadata: true }, async ([job]) => job && deadLetter(job)),
      ];
      void Promise.all(starting).then(
        (ids) => void (workerIds = ids),
        (error: unknown) => deps.log(`could not start the grading workers: ${errorMessage(error)}`),
      );
    },
    notify() {
      // Ids unknown (a bulk re-grade): send a job for every queued submission; singletonKey dedupes
      // against waiting jobs. (Not at start: a queued submission whose job waits out a retry
      // backoff would get a second job that skips the backoff.)
      if (sweepQueued) return;
      sweepQueued = true;
      setTimeout(() => void sweep(), 50).unref?.();
    },
    async stop() {
      for (const id of workerIds) await boss.offWork({ id });
      workerIds = [];
      const inFlight = [...running.values()];
      for (const entry of inFlight) entry.controller.abort(stopReason);
      await Promise.all(inFlight.map((entry) => entry.done));
    },
    async idle() {
      // Nothing waiting, retrying or running in pg-boss, and nothing in this process.
      while (running.size > 0 || (await boss.getQueueSize(GRADING_QUEUE, { before: 'completed' })) > 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    subscribe: (id, listener) => feed.subscribe(id, listener),
    progress: (id) => feed.progress(id),
    deadLetters: async (ids) => {
      const read = await guarded(() => leases.deadLetters(ids));
      return read.ok ? read.value : new Map();
    },
  };
}
