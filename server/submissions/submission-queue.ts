// Grades queued submissions in the background, a few at a time. The queue itself is the
// submissions table: a server that stops mid-grading leaves rows 'grading', and `start` puts them
// back in the queue, so every submission is graded after a restart, and written once (the lease).
// Nothing is retried forever: each claim counts an attempt, a grading is aborted when it outruns
// its time budget, and a submission that used its attempts (a poison pill that crashes or stalls
// the server, interrupted at every start) ends failed with a staff-visible reason.
// Storage faults never escape: every write here is caught, so a full or read-only database leaves
// the submission retryable or failed, logs one line, and the process keeps serving reads.
import { Cancelled, errorMessage } from '../core/errors.js';
import type { GradeReport } from '../core/grade-report.js';
import type { GradeProgress } from '../grading/grade-program.js';
import { GradingTimeBudgetExceeded, INFRASTRUCTURE_MESSAGE, classifyFailure, describeStorageFault, type GradingFailure } from './grading-failure.js';
import type { StoredSubmission, SubmissionStore } from './submission-store.js';

export type SubmissionProgress = { done: number; total: number; errored: number };

export type SubmissionEvent = { type: 'progress'; progress: SubmissionProgress } | { type: 'finished'; submission: StoredSubmission };

export type SubmissionQueue = {
  /** Re-queues interrupted submissions (failing those out of attempts) and starts grading. */
  start(): void;
  /** Wakes the workers after a submission was queued. */
  notify(): void;
  /** Stops claiming and cancels gradings in flight; they stay 'grading' and resume on the next start. */
  stop(): Promise<void>;
  subscribe(submissionId: string, listener: (event: SubmissionEvent) => void): () => void;
  progress(submissionId: string): SubmissionProgress | null;
  /** Resolves when nothing is queued or being graded (tests, graceful tools). */
  idle(): Promise<void>;
};

export type GradeFn = (submission: StoredSubmission, run: { signal: AbortSignal; onProgress: (progress: GradeProgress) => void }) => Promise<GradeReport>;

export type QueueLimits = {
  /** A grading that runs longer is aborted and counts as an infrastructure failure. */
  timeBudgetMs: number;
  /** Attempts per submission (claims, including ones a crash or restart interrupted). */
  maxAttempts: number;
};

/** After a claim failed (a storage fault), when to try again. */
const CLAIM_RETRY_MS = 2_000;

export function createSubmissionQueue(deps: {
  store: SubmissionStore;
  grade: GradeFn;
  workers: number;
  log: (line: string) => void;
  /** The message a student sees when grading fails (never hidden data). */
  publicError: (submission: StoredSubmission, error: unknown) => string;
  limits: QueueLimits;
}): SubmissionQueue {
  const { store, limits } = deps;
  const listeners = new Map<string, Set<(event: SubmissionEvent) => void>>();
  const progress = new Map<string, SubmissionProgress>();
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  // The abort reason of stop(): a grading aborted with it stays 'grading' for the next start.
  const stopReason = new Cancelled('the server is stopping');
  let started = false;
  let claimRetry: ReturnType<typeof setTimeout> | null = null;
  let idleWaiters: (() => void)[] = [];

  function emit(id: string, event: SubmissionEvent) {
    for (const listener of listeners.get(id) ?? []) {
      try {
        listener(event);
      } catch {
        // A listener is an HTTP stream that may have gone away; grading carries on.
      }
    }
  }

  function checkIdle() {
    if (running.size > 0) return;
    // Only idle when a claim finds nothing: pump() has already tried.
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Runs one write; a storage fault comes back as its one-line description instead of a throw. */
  function attempt<T>(write: () => T): { ok: true; value: T } | { ok: false; fault: string } {
    try {
      return { ok: true, value: write() };
    } catch (error) {
      return { ok: false, fault: describeStorageFault(error) };
    }
  }

  /** Grades, bounded by the time budget and by stop(): a grading that ignores its signal is left behind. */
  async function gradeWithin(submission: StoredSubmission, controller: AbortController, onProgress: (p: GradeProgress) => void): Promise<GradeReport> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = () => reject(controller.signal.reason);
      if (controller.signal.aborted) onAbort();
      else controller.signal.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => controller.abort(new GradingTimeBudgetExceeded(limits.timeBudgetMs)), limits.timeBudgetMs);
    });
    try {
      // Promise.resolve().then: a grade function that throws synchronously is a rejection like any other.
      const grading = Promise.resolve().then(() => deps.grade(submission, { signal: controller.signal, onProgress }));
      return await Promise.race([grading, aborted]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Records a failure: an infrastructure failure with attempts left goes back to the queue. Returns what happened, for the log. */
  function settleFailure(submission: StoredSubmission, lease: string, failure: GradingFailure): string {
    const of = `attempt ${submission.attempts} of ${limits.maxAttempts}`;
    if (failure.kind === 'infrastructure' && submission.attempts < limits.maxAttempts) {
      const released = attempt(() => store.release(submission.id, lease));
      return released.ok
        ? `${of}; queued for another attempt`
        : `${of}; putting it back in the queue failed too (${released.fault}); it stays 'grading' and is graded again at the next start`;
    }
    const final: GradingFailure =
      failure.kind === 'infrastructure' ? { ...failure, reason: `${failure.reason} (${of}; not retried again, staff may re-grade it)` } : failure;
    const failed = attempt(() => store.fail(submission.id, lease, final));
    if (!failed.ok) return `${of}; recording the failure failed too (${failed.fault}); it stays 'grading' and is graded again at the next start`;
    return failure.kind === 'program'
      ? 'failed: the program is at fault (counts against the daily limit)'
      : `${of}; failed (infrastructure, does not count against the daily limit)`;
  }

  async function run(submission: StoredSubmission, lease: string, controller: AbortController) {
    const onProgress = (p: GradeProgress) => {
      const value = { done: p.done, total: p.total, errored: p.errored };
      progress.set(submission.id, value);
      emit(submission.id, { type: 'progress', progress: value });
    };
    let report: GradeReport | null = null;
    let error: unknown = null;
    try {
      report = await gradeWithin(submission, controller, onProgress);
    } catch (caught) {
      error = caught;
    }
    // Stopped gracefully: back in the queue with the attempt refunded, graded at the next start. If
    // even that write fails, the row stays 'grading' and the next start re-queues it (counted).
    if (controller.signal.reason === stopReason) {
      attempt(() => store.unclaim(submission.id, lease));
      return;
    }

    if (report && report.counts.total > 0 && report.counts.errored === report.counts.total) {
      // Not one case could run (provider down, key missing): a grade of 0 would be the server's fault.
      const example = report.cases.find((c) => c.error)?.error ?? 'unknown';
      const failure: GradingFailure = {
        kind: 'infrastructure',
        reason: `every hidden case errored, e.g. ${example}`,
        message:
          'the model could not be reached for any test case; this submission does not count against your daily limit. Try again later, or ask the course staff to re-grade it',
      };
      deps.log(`submission ${submission.id}: every case errored, e.g. ${example}; ${settleFailure(submission, lease, failure)}`);
    } else if (report) {
      const written = attempt(() => store.complete(submission.id, lease, report));
      if (!written.ok) {
        // Nothing was written (one UPDATE): the submission is retried or failed, never half-graded.
        const failure: GradingFailure = {
          kind: 'infrastructure',
          reason: `storage fault while writing the grade: ${written.fault}`,
          message: INFRASTRUCTURE_MESSAGE,
        };
        deps.log(`submission ${submission.id}: storage fault while writing the grade (${written.fault}); ${settleFailure(submission, lease, failure)}`);
      } else if (!written.value) {
        deps.log(`submission ${submission.id}: the grade was not written because the submission changed meanwhile`);
      }
    } else {
      const failure = classifyFailure(error, (e) => deps.publicError(submission, e));
      const detail =
        failure.kind === 'infrastructure' && !(error instanceof GradingTimeBudgetExceeded) && error instanceof Error ? ` ${error.stack ?? ''}` : '';
      deps.log(`submission ${submission.id} failed (${failure.kind}): ${failure.reason}; ${settleFailure(submission, lease, failure)}${detail}`);
    }
    progress.delete(submission.id);
    const finished = attempt(() => store.get(submission.id));
    // Only a final state ends the event stream; a submission back in the queue keeps its listeners.
    if (finished.ok && finished.value && (finished.value.status === 'graded' || finished.value.status === 'failed')) {
      emit(submission.id, { type: 'finished', submission: finished.value });
    }
  }

  function claim(): StoredSubmission | null {
    try {
      return store.claimNext();
    } catch (error) {
      // The database refuses writes (full, read-only, I/O error): keep serving, try again shortly.
      deps.log(`could not claim the next submission (storage fault: ${describeStorageFault(error)}); trying again in ${CLAIM_RETRY_MS / 1000} s`);
      if (!claimRetry) {
        claimRetry = setTimeout(() => {
          claimRetry = null;
          pump();
        }, CLAIM_RETRY_MS);
        claimRetry.unref?.();
      }
      return null;
    }
  }

  function pump() {
    if (!started) return;
    while (running.size < deps.workers) {
      const submission = claim();
      if (!submission) break;
      const controller = new AbortController();
      const done = run(submission, submission.lease!, controller)
        .catch((error: unknown) => {
          // run() catches what it expects; this is the last guard against an unhandled rejection.
          deps.log(`submission ${submission.id}: unexpected error in the queue: ${errorMessage(error)}`);
        })
        .finally(() => {
          running.delete(submission.id);
          pump();
          checkIdle();
        });
      running.set(submission.id, { controller, done });
    }
    checkIdle();
  }

  return {
    start() {
      if (started) return;
      const recovered = attempt(() => store.requeueInterrupted(limits.maxAttempts));
      if (!recovered.ok) deps.log(`could not re-queue submissions interrupted by the last stop (storage fault: ${recovered.fault})`);
      else {
        const { requeued, failed } = recovered.value;
        if (requeued) deps.log(`re-queued ${requeued} submission${requeued > 1 ? 's' : ''} interrupted by the last stop`);
        for (const id of failed)
          deps.log(`submission ${id}: interrupted ${limits.maxAttempts} or more times while grading; failed (infrastructure), not re-queued`);
      }
      started = true;
      pump();
    },
    notify: () => queueMicrotask(pump),
    async stop() {
      started = false;
      if (claimRetry) clearTimeout(claimRetry);
      claimRetry = null;
      const inFlight = [...running.values()];
      for (const entry of inFlight) entry.controller.abort(stopReason);
      await Promise.all(inFlight.map((entry) => entry.done));
      checkIdle();
    },
    subscribe(id, listener) {
      let set = listeners.get(id);
      if (!set) listeners.set(id, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(id);
      };
    },
    progress: (id) => progress.get(id) ?? null,
    idle() {
      if (running.size === 0 && (!started || !hasQueued())) return Promise.resolve();
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        // The queue may already be empty with nothing running: check after the current tick.
        queueMicrotask(pump);
      });
    },
  };

  function hasQueued(): boolean {
    const queued = attempt(() => store.hasQueued());
    return queued.ok ? queued.value : false;
  }
}
