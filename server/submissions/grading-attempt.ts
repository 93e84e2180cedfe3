// One grading attempt of a claimed submission, the same whichever queue claimed it: grade within
// the time budget while renewing the lease, then write the grade, the failure or the hand-back,
// each as one UPDATE guarded by the lease. A worker whose lease was taken back (it stalled past
// the expiry and another worker has the submission) aborts and writes nothing.
// Storage faults never escape: every write here is caught, so a full or read-only database leaves
// the submission retryable or failed, logs one line, and the process keeps serving reads.
import { type Cancelled, SandboxError } from '../core/errors.js';
import type { GradeReport } from '../core/grade-report.js';
import type { GradeProgress } from '../grading/grade-program.js';
import { GradingTimeBudgetExceeded, INFRASTRUCTURE_MESSAGE, classifyFailure, describeStorageFault, type GradingFailure } from './grading-failure.js';
import type { QueueParts } from './grading-queue.js';
import type { SubmissionEventSink } from './submission-events.js';
import type { StoredSubmission } from './submission-store.js';

/** How an attempt ended: a final state, back in the queue for another attempt, or nothing written. */
export type AttemptOutcome =
  | { kind: 'graded' }
  | { kind: 'failed'; failure: GradingFailure }
  | { kind: 'retry'; reason: string }
  | { kind: 'stopped' }
  | { kind: 'lease-lost' }
  | { kind: 'unwritten'; reason: string };

/** The lease was taken back by another worker (this one stalled past its expiry). */
export class LeaseLost extends SandboxError {
  constructor(id: string) {
    super('lease_lost', `the lease on submission ${id} expired and another worker took it over`);
  }
}

/** A queue's parts (grading-queue.ts), with the sink this process's progress is written to. */
export type AttemptDeps = Omit<QueueParts, 'events' | 'workers'> & { events: SubmissionEventSink };

/** Runs one write; a storage fault comes back as its one-line description instead of a throw. */
export async function guarded<T>(write: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; fault: string }> {
  try {
    return { ok: true, value: await write() };
  } catch (error) {
    return { ok: false, fault: describeStorageFault(error) };
  }
}

/** Grades, bounded by the time budget and by the controller: a grading that ignores its signal is left behind. */
async function gradeWithin(deps: AttemptDeps, submission: StoredSubmission, controller: AbortController, onProgress: (p: GradeProgress) => void) {
  const { limits } = deps;
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

/** Records a failure: an infrastructure failure with attempts left goes back to the queue. */
async function settleFailure(
  deps: AttemptDeps,
  submission: StoredSubmission,
  lease: string,
  failure: GradingFailure,
): Promise<{ outcome: AttemptOutcome; line: string }> {
  const { store, limits } = deps;
  const of = `attempt ${submission.attempts} of ${limits.maxAttempts}`;
  if (failure.kind === 'infrastructure' && submission.attempts < limits.maxAttempts) {
    const released = await guarded(() => store.release(submission.id, lease));
    if (released.ok && !released.value) return { outcome: { kind: 'lease-lost' }, line: `${of}; not put back: its lease is gone (another worker has it)` };
    return released.ok
      ? { outcome: { kind: 'retry', reason: failure.reason }, line: `${of}; queued for another attempt` }
      : {
          outcome: { kind: 'unwritten', reason: released.fault },
          line: `${of}; putting it back in the queue failed too (${released.fault}); it stays 'grading' and is taken back when its lease expires`,
        };
  }
  const final: GradingFailure =
    failure.kind === 'infrastructure' ? { ...failure, reason: `${failure.reason} (${of}; not retried again, staff may re-grade it)` } : failure;
  const failed = await guarded(() => store.fail(submission.id, lease, final));
  if (!failed.ok)
    return {
      outcome: { kind: 'unwritten', reason: failed.fault },
      line: `${of}; recording the failure failed too (${failed.fault}); it stays 'grading' and is taken back when its lease expires`,
    };
  if (!failed.value) return { outcome: { kind: 'lease-lost' }, line: `${of}; not recorded: its lease is gone (another worker has it)` };
  // Out of attempts on the server's fault: the dead-letter state staff see in the queue view.
  if (final.kind === 'infrastructure') await guarded(() => deps.leases.deadLetter(submission.id, final.reason));
  return {
    outcome: { kind: 'failed', failure: final },
    line:
      failure.kind === 'program'
        ? 'failed: the program is at fault (counts against the daily limit)'
        : `${of}; failed (infrastructure, does not count against the daily limit)`,
  };
}

/**
 * Grades a submission claimed under `lease` and records the result. `stopReason`: the abort reason
 * of a graceful stop, which hands the submission back with its attempt refunded.
 */
export async function runGradingAttempt(
  deps: AttemptDeps,
  submission: StoredSubmission,
  lease: string,
  controller: AbortController,
  stopReason: Cancelled,
): Promise<AttemptOutcome> {
  const { store, leases, events, limits } = deps;
  const id = submission.id;
  const onProgress = (p: GradeProgress) => {
    const value = { done: p.done, total: p.total, errored: p.errored };
    events.setProgress(id, value);
    events.emit(id, { type: 'progress', progress: value });
    // Other processes show it from the row (a fault here only costs a progress update).
    void guarded(() => leases.setProgress(id, lease, value));
  };
  // The heartbeat: renew the lease every third of its life; a lease found lost aborts the grading.
  const heartbeat = setInterval(
    () =>
      void guarded(() => leases.heartbeat(id, lease, limits.leaseMs)).then((renewed) => {
        if (renewed.ok && !renewed.value) controller.abort(new LeaseLost(id));
      }),
    Math.max(10, Math.floor(limits.leaseMs / 3)),
  );
  heartbeat.unref?.();
  let report: GradeReport | null = null;
  let error: unknown = null;
  try {
    report = await gradeWithin(deps, submission, controller, onProgress);
  } catch (caught) {
    error = caught;
  } finally {
    clearInterval(heartbeat);
    events.setProgress(id, null);
  }
  // Stopped gracefully: back in the queue with the attempt refunded. If even that write fails, the
  // row stays 'grading' and is taken back when its lease expires (that attempt counted).
  if (controller.signal.reason === stopReason) {
    await guarded(() => store.unclaim(id, lease));
    return { kind: 'stopped' };
  }
  if (controller.signal.reason instanceof LeaseLost) {
    deps.log(`submission ${id}: ${controller.signal.reason.message}; this worker's attempt wrote nothing`);
    return { kind: 'lease-lost' };
  }

  let outcome: AttemptOutcome;
  if (report && report.counts.total > 0 && report.counts.errored === report.counts.total) {
    // Not one case could run (provider down, key missing): a grade of 0 would be the server's fault.
    const example = report.cases.find((c) => c.error)?.error ?? 'unknown';
    const settled = await settleFailure(deps, submission, lease, {
      kind: 'infrastructure',
      reason: `every hidden case errored, e.g. ${example}`,
      message:
        'the model could not be reached for any test case; this submission does not count against your daily limit. Try again later, or ask the course staff to re-grade it',
    });
    deps.log(`submission ${id}: every case errored, e.g. ${example}; ${settled.line}`);
    outcome = settled.outcome;
  } else if (report) {
    const written = await guarded(() => store.complete(id, lease, report));
    if (!written.ok) {
      // Nothing was written (one UPDATE): the submission is retried or failed, never half-graded.
      const settled = await settleFailure(deps, submission, lease, {
        kind: 'infrastructure',
        reason: `storage fault while writing the grade: ${written.fault}`,
        message: INFRASTRUCTURE_MESSAGE,
      });
      deps.log(`submission ${id}: storage fault while writing the grade (${written.fault}); ${settled.line}`);
      outcome = settled.outcome;
    } else if (!written.value) {
      deps.log(`submission ${id}: the grade was not written because the submission changed meanwhile (its lease is gone)`);
      outcome = { kind: 'lease-lost' };
    } else outcome = { kind: 'graded' };
  } else {
    const failure = classifyFailure(error, (e) => deps.publicError(submission, e));
    const detail = failure.kind === 'infrastructure' && !(error instanceof GradingTimeBudgetExceeded) && error instanceof Error ? ` ${error.stack ?? ''}` : '';
    const settled = await settleFailure(deps, submission, lease, failure);
    deps.log(`submission ${id} failed (${failure.kind}): ${failure.reason}; ${settled.line}${detail}`);
    outcome = settled.outcome;
  }
  const finished = await guarded(() => store.get(id));
  // Only a final state ends the event stream; a submission back in the queue keeps its listeners.
  if (finished.ok && finished.value && (finished.value.status === 'graded' || finished.value.status === 'failed')) {
    events.emit(id, { type: 'finished', submission: finished.value });
  }
  return outcome;
}
