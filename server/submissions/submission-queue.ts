// The embedded grading queue: the submissions table in SQLite is the queue, and this process's
// workers claim from it under leases (grading-leases.ts). Several processes may share the file (a
// `serve` and two `worker`s): each claims under its own lease and renews it while grading; nothing
// is "re-queued at start", only expired leases are taken back, so no process ever takes another's
// live work, and a process that died (SIGKILL) has its submission graded elsewhere once its lease
// runs out. Nothing is retried forever: each claim counts an attempt, a grading is aborted when it
// outruns its time budget, and a submission that used its attempts (a poison pill that crashes its
// worker every time) ends failed with a staff-visible reason.
// Workers poll the table (other processes queue submissions and let leases expire); notify()
// wakes them at once for a submission queued by this process.
import { Cancelled, errorMessage } from '../core/errors.js';
import type { Clock } from '../clock.js';
import { guarded, runGradingAttempt } from './grading-attempt.js';
import { describeStorageFault } from './grading-failure.js';
import type { QueueParts, SubmissionQueue } from './grading-queue.js';
import { createLocalSubmissionEvents, mergeSubmissionEvents, type SubmissionEvents } from './submission-events.js';
import type { StoredSubmission } from './submission-store.js';

export type { GradeFn, QueueLimits, SubmissionQueue } from './grading-queue.js';

/** After a claim failed (a storage fault), when to try again. */
const CLAIM_RETRY_MS = 2_000;
/** How often idle workers look for work queued by other processes and for expired leases. */
const DEFAULT_POLL_MS = 1_000;

export function createSubmissionQueue(
  deps: Omit<QueueParts, 'events'> & {
    /** Where students' progress streams read from; by default this process's own events only. */
    events?: SubmissionEvents;
    pollMs?: number;
    clock?: Clock;
  },
): SubmissionQueue {
  const { store, leases, limits } = deps;
  const local = createLocalSubmissionEvents();
  const feed = deps.events ? mergeSubmissionEvents(local, deps.events) : local;
  const pollMs = deps.pollMs ?? DEFAULT_POLL_MS;
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  // The abort reason of stop(): a grading aborted with it goes back to the queue, attempt refunded.
  const stopReason = new Cancelled('the server is stopping');
  let started = false;
  let claimRetry: ReturnType<typeof setTimeout> | null = null;
  let poll: ReturnType<typeof setInterval> | null = null;
  let idleWaiters: (() => void)[] = [];
  // One pump at a time: claims are awaited, and two pumps interleaving could claim past `workers`.
  let pumping = false;
  let pumpAgain = false;

  function checkIdle() {
    // A pump in progress may be about to start a grading it has claimed.
    if (running.size > 0 || pumping) return;
    // Only idle when a claim finds nothing: pump() has already tried.
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async function claim(): Promise<{ submission: StoredSubmission; lease: string } | null> {
    try {
      const { claimed, reclaimed, failed } = await leases.claimNext({ leaseMs: limits.leaseMs, maxAttempts: limits.maxAttempts });
      if (reclaimed) deps.log(`took back ${reclaimed} submission${reclaimed > 1 ? 's' : ''} whose worker stopped or crashed (lease expired)`);
      for (const id of failed)
        deps.log(`submission ${id}: interrupted ${limits.maxAttempts} or more times while grading (lease expired); failed (infrastructure), not re-queued`);
      if (!claimed) return null;
      const submission = await store.get(claimed.id);
      return submission ? { submission, lease: claimed.lease } : null;
    } catch (error) {
      // The database refuses writes (full, read-only, I/O error): keep serving, try again shortly.
      deps.log(`could not claim the next submission (storage fault: ${describeStorageFault(error)}); trying again in ${CLAIM_RETRY_MS / 1000} s`);
      if (!claimRetry) {
        claimRetry = setTimeout(() => {
          claimRetry = null;
          void pump();
        }, CLAIM_RETRY_MS);
        claimRetry.unref?.();
      }
      return null;
    }
  }

  async function pump(): Promise<void> {
    if (!started) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      await fill();
    } finally {
      pumping = false;
    }
    if (pumpAgain) {
      pumpAgain = false;
      return pump();
    }
    checkIdle();
  }

  async function fill(): Promise<void> {
    while (started && running.size < deps.workers) {
      const next = await claim();
      if (!next) break;
      const { submission, lease } = next;
      const controller = new AbortController();
      const attemptDeps = { store, leases, grade: deps.grade, events: local, log: deps.log, publicError: deps.publicError, limits };
      const done = runGradingAttempt(attemptDeps, submission, lease, controller, stopReason)
        .then(() => {})
        .catch((error: unknown) => {
          // runGradingAttempt catches what it expects; this is the last guard against an unhandled rejection.
          deps.log(`submission ${submission.id}: unexpected error in the queue: ${errorMessage(error)}`);
        })
        .finally(() => {
          running.delete(submission.id);
          void pump();
        });
      running.set(submission.id, { controller, done });
    }
  }

  async function hasQueued(): Promise<boolean> {
    const queued = await guarded(() => store.hasQueued());
    return queued.ok ? queued.value : false;
  }

  return {
    start() {
      if (started) return;
      started = true;
      poll = setInterval(() => void pump(), pollMs);
      poll.unref?.();
      void pump();
    },
    enqueue: async () => queueMicrotask(() => void pump()),
    notify: () => queueMicrotask(() => void pump()),
    async stop() {
      started = false;
      if (claimRetry) clearTimeout(claimRetry);
      if (poll) clearInterval(poll);
      claimRetry = null;
      poll = null;
      const inFlight = [...running.values()];
      for (const entry of inFlight) entry.controller.abort(stopReason);
      await Promise.all(inFlight.map((entry) => entry.done));
      checkIdle();
    },
    subscribe: (id, listener) => feed.subscribe(id, listener),
    progress: (id) => feed.progress(id),
    deadLetters: async (ids) => {
      const read = await guarded(() => leases.deadLetters(ids));
      return read.ok ? read.value : new Map();
    },
    async idle() {
      // Quiet before and after the read (a pump may have started a claim meanwhile).
      const quiet = () => running.size === 0 && !pumping;
      if (quiet() && (!started || !(await hasQueued())) && quiet()) return;
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        // The queue may already be empty with nothing running: check after the current tick.
        queueMicrotask(() => void pump());
      });
    },
  };
}
