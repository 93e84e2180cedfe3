// Grades queued submissions in the background, a few at a time. The queue itself is the
// submissions table: a server that stops mid-grading leaves rows 'grading', and `start` puts them
// back in the queue, so every submission is graded after a restart, and written once (the lease).
import { Cancelled, errorMessage } from '../core/errors.js';
import type { GradeReport } from '../core/grade-report.js';
import type { GradeProgress } from '../grading/grade-program.js';
import type { StoredSubmission, SubmissionStore } from './submission-store.js';

export type SubmissionProgress = { done: number; total: number; errored: number };

export type SubmissionEvent =
  | { type: 'progress'; progress: SubmissionProgress }
  | { type: 'finished'; submission: StoredSubmission };

export type SubmissionQueue = {
  /** Re-queues interrupted submissions and starts grading. */
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

export function createSubmissionQueue(deps: {
  store: SubmissionStore;
  grade: GradeFn;
  workers: number;
  log: (line: string) => void;
  /** The message a student sees when grading fails (never hidden data). */
  publicError: (submission: StoredSubmission, error: unknown) => string;
}): SubmissionQueue {
  const listeners = new Map<string, Set<(event: SubmissionEvent) => void>>();
  const progress = new Map<string, SubmissionProgress>();
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let started = false;
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

  async function run(submission: StoredSubmission, lease: string, controller: AbortController) {
    const onProgress = (p: GradeProgress) => {
      const value = { done: p.done, total: p.total, errored: p.errored };
      progress.set(submission.id, value);
      emit(submission.id, { type: 'progress', progress: value });
    };
    try {
      const report = await deps.grade(submission, { signal: controller.signal, onProgress });
      if (controller.signal.aborted) return;
      if (report.counts.total > 0 && report.counts.errored === report.counts.total) {
        // Not one case could run (provider down, key missing): a grade of 0 would be the server's fault.
        deps.log(`submission ${submission.id}: every case errored, e.g. ${report.cases.find((c) => c.error)?.error ?? 'unknown'}`);
        deps.store.fail(submission.id, lease, 'the model could not be reached for any test case; this submission does not count against your daily limit. Try again later, or ask the course staff to re-grade it');
      } else if (!deps.store.complete(submission.id, lease, report)) {
        deps.log(`submission ${submission.id}: the grade was not written because the submission changed meanwhile`);
      }
    } catch (error) {
      // Stopped or cancelled: leave the row 'grading' so the next start grades it again.
      if (controller.signal.aborted || error instanceof Cancelled) return;
      deps.log(`submission ${submission.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : errorMessage(error)}`);
      deps.store.fail(submission.id, lease, deps.publicError(submission, error));
    }
    const finished = deps.store.get(submission.id);
    progress.delete(submission.id);
    if (finished) emit(submission.id, { type: 'finished', submission: finished });
  }

  function pump() {
    if (!started) return;
    while (running.size < deps.workers) {
      const submission = deps.store.claimNext();
      if (!submission) break;
      const controller = new AbortController();
      const done = run(submission, submission.lease!, controller).finally(() => {
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
      const recovered = deps.store.requeueInterrupted();
      if (recovered) deps.log(`re-queued ${recovered} submission${recovered > 1 ? 's' : ''} interrupted by the last stop`);
      started = true;
      pump();
    },
    notify: () => queueMicrotask(pump),
    async stop() {
      started = false;
      const inFlight = [...running.values()];
      for (const entry of inFlight) entry.controller.abort();
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
      if (running.size === 0 && (!started || !deps.store.hasQueued())) return Promise.resolve();
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        // The queue may already be empty with nothing running: check after the current tick.
        queueMicrotask(pump);
      });
    },
  };
}
