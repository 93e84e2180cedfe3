// The grading queue as the rest of the server sees it, whatever carries the jobs: the in-process
// loop over the submissions table in SQLite (submission-queue.ts) or pg-boss on PostgreSQL
// (pgboss-grading-queue.ts). Both give the same guarantees: a submission is claimed under a lease
// that expires unless its worker renews it; a worker that dies loses its lease and the submission
// is graded elsewhere; failures are retried with a bounded number of attempts and then end failed
// (dead-lettered) with a staff-visible reason; the grade is written once, under a live lease.
import type { GradeReport } from '../core/grade-report.js';
import type { GradeProgress } from '../grading/grade-program.js';
import type { DeadLetter } from './grading-leases.js';
import type { SubmissionEvents } from './submission-events.js';
import type { GradingLeasesPort, SubmissionStorePort } from './submission-ports.js';
import type { StoredSubmission } from './submission-store.js';

export type GradingQueue = {
  /** A submission was queued (new, or re-queued by staff): grade it once. Never rejects (a failure is logged). */
  enqueue(submissionId: string): Promise<void>;
  /** Starts this process's grading workers (the `worker` role, or both roles in one process). */
  start(): void;
  /** Stops claiming and cancels gradings in flight; they go back to the queue without using an attempt. */
  stop(): Promise<void>;
  /** Resolves when this process has nothing left to claim or grade (tests, graceful tools). */
  idle(): Promise<void>;
  /** Submissions the queue gave up on (attempts used up), with its reason: the staff queue view. */
  deadLetters(submissionIds: readonly string[]): Promise<Map<string, DeadLetter>>;
};

/** What a grading worker runs for one submission. */
export type GradeFn = (submission: StoredSubmission, run: { signal: AbortSignal; onProgress: (progress: GradeProgress) => void }) => Promise<GradeReport>;

export type QueueLimits = {
  /** A grading that runs longer is aborted and counts as an infrastructure failure. */
  timeBudgetMs: number;
  /** Attempts per submission (claims, including ones a crash interrupted). */
  maxAttempts: number;
  /** How long a claim lives without a heartbeat; the worker renews it every third of that. */
  leaseMs: number;
};

/** The queue's limits from the settings (SANDBOX_GRADING_TIME_BUDGET_MS, _MAX_ATTEMPTS, _LEASE_MS). */
export function queueLimitsFrom(settings: { gradingTimeBudgetMs: number; gradingMaxAttempts: number; gradingLeaseMs?: number }): QueueLimits {
  // The lease is optional for services built by hand (tests): 30 s, the setting's default.
  return { timeBudgetMs: settings.gradingTimeBudgetMs, maxAttempts: settings.gradingMaxAttempts, leaseMs: settings.gradingLeaseMs ?? 30_000 };
}

/** The queue the HTTP layer holds: the grading queue plus the progress feed of its submissions. */
export type SubmissionQueue = GradingQueue &
  SubmissionEvents & {
    /** Wakes the workers after submissions were queued (ids unknown: a bulk re-grade). */
    notify(): void;
  };

/** What any grading queue is built from (server/services.ts assembles them). */
export type QueueParts = {
  store: SubmissionStorePort;
  leases: GradingLeasesPort;
  grade: GradeFn;
  workers: number;
  log: (line: string) => void;
  /** The message a student sees when grading fails (never hidden data). */
  publicError: (submission: StoredSubmission, error: unknown) => string;
  limits: QueueLimits;
  /** Progress of gradings run by other processes, read from the database. */
  events: SubmissionEvents;
};
