// Progress streams across processes by polling the database: a web process whose students watch
// gradings that `worker` processes run reads, every `pollMs` and only while someone watches, the
// status and progress columns of the watched submissions (one small query for all of them), and
// turns changes into the same events the grading queue emits in-process. PostgreSQL LISTEN/NOTIFY
// is the push version of this and plugs in behind the same `SubmissionEvents`.
import { errorMessage } from '../core/errors.js';
import { createLocalSubmissionEvents, type SubmissionEvents, type SubmissionProgress } from './submission-events.js';
import type { GradingLeasesPort } from './submission-ports.js';
import type { StoredSubmission } from './submission-store.js';

export type PolledSubmissionEvents = SubmissionEvents & {
  /** One poll now (tests; the timer calls it too). */
  poll(): Promise<void>;
  close(): void;
};

const sameProgress = (a: SubmissionProgress | null | undefined, b: SubmissionProgress | null) =>
  !!a && !!b && a.done === b.done && a.total === b.total && a.errored === b.errored;

export function createPolledSubmissionEvents(deps: {
  leases: Pick<GradingLeasesPort, 'states'>;
  get: (id: string) => Promise<StoredSubmission | null>;
  pollMs: number;
  log: (line: string) => void;
}): PolledSubmissionEvents {
  const fanout = createLocalSubmissionEvents();
  const seen = new Map<string, SubmissionProgress | null>();
  // A subscriber that stays after the end hears it once.
  const ended = new Set<string>();
  let timer: ReturnType<typeof setInterval> | null = null;
  // A slow database must not stack polls: one at a time, the timer skips a beat instead.
  let polling = false;

  async function poll(): Promise<void> {
    if (polling) return;
    polling = true;
    try {
      await pollOnce();
    } finally {
      polling = false;
    }
  }

  async function pollOnce(): Promise<void> {
    const ids = fanout.listening();
    for (const id of ended) if (!ids.includes(id)) ended.delete(id);
    if (ids.length === 0) return;
    try {
      for (const state of await deps.leases.states(ids)) {
        if (state.status === 'graded' || state.status === 'failed') {
          if (ended.has(state.id)) continue;
          ended.add(state.id);
          const submission = await deps.get(state.id);
          fanout.setProgress(state.id, null);
          if (submission) fanout.emit(state.id, { type: 'finished', submission });
          continue;
        }
        fanout.setProgress(state.id, state.progress);
        if (state.progress && !sameProgress(seen.get(state.id), state.progress)) fanout.emit(state.id, { type: 'progress', progress: state.progress });
        seen.set(state.id, state.progress);
      }
    } catch (error) {
      // A storage fault: the streams wait for the next poll.
      deps.log(`could not read grading progress: ${errorMessage(error)}`);
    }
  }

  function ensureTimer() {
    if (timer) return;
    timer = setInterval(() => {
      if (fanout.listening().length === 0 && timer) {
        clearInterval(timer);
        timer = null;
        seen.clear();
        return;
      }
      void poll();
    }, deps.pollMs);
    timer.unref?.();
  }

  return {
    subscribe(id, listener) {
      const off = fanout.subscribe(id, listener);
      ensureTimer();
      return off;
    },
    async progress(id) {
      const local = await fanout.progress(id);
      if (local) return local;
      try {
        return (await deps.leases.states([id]))[0]?.progress ?? null;
      } catch {
        return null;
      }
    },
    poll,
    close() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
