// What a student's progress stream listens to: a grading's progress and its end. The queue that
// grades publishes here; an SSE route subscribes. In one process that is a plain in-memory fan-out;
// with graders in other processes the web process needs a feed that sees their work too
// (polled-submission-events.ts polls the database; PostgreSQL LISTEN/NOTIFY is another such feed
// behind the same `SubmissionEvents`).
import type { StoredSubmission } from './submission-store.js';

export type SubmissionProgress = { done: number; total: number; errored: number };

export type SubmissionEvent = { type: 'progress'; progress: SubmissionProgress } | { type: 'finished'; submission: StoredSubmission };

/** The reading side: what routes use. */
export type SubmissionEvents = {
  subscribe(submissionId: string, listener: (event: SubmissionEvent) => void): () => void;
  /** The latest progress of a grading in flight, or null (async: another process's is read from the database). */
  progress(submissionId: string): Promise<SubmissionProgress | null>;
};

/** The writing side: what the grading queue uses. */
export type SubmissionEventSink = {
  emit(submissionId: string, event: SubmissionEvent): void;
  setProgress(submissionId: string, progress: SubmissionProgress | null): void;
};

export type LocalSubmissionEvents = SubmissionEvents & SubmissionEventSink & { listening(): string[] };

export function createLocalSubmissionEvents(): LocalSubmissionEvents {
  const listeners = new Map<string, Set<(event: SubmissionEvent) => void>>();
  const progress = new Map<string, SubmissionProgress>();
  return {
    emit(id, event) {
      for (const listener of listeners.get(id) ?? []) {
        try {
          listener(event);
        } catch {
          // A listener is an HTTP stream that may have gone away; grading carries on.
        }
      }
    },
    setProgress(id, value) {
      if (value) progress.set(id, value);
      else progress.delete(id);
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
    progress: async (id) => progress.get(id) ?? null,
    listening: () => [...listeners.keys()],
  };
}

/**
 * This process's own events (at once) and a shared feed's (gradings elsewhere, seen later) as one:
 * a listener hears each progress value once and the end once, whichever side saw it first.
 */
export function mergeSubmissionEvents(local: SubmissionEvents, shared: SubmissionEvents): SubmissionEvents {
  return {
    subscribe(id, listener) {
      let last: SubmissionProgress | null = null;
      let ended = false;
      const once = (event: SubmissionEvent) => {
        if (ended) return;
        if (event.type === 'finished') ended = true;
        else {
          const p = event.progress;
          if (last && last.done === p.done && last.total === p.total && last.errored === p.errored) return;
          last = p;
        }
        listener(event);
      };
      const offLocal = local.subscribe(id, once);
      const offShared = shared.subscribe(id, once);
      return () => {
        offLocal();
        offShared();
      };
    },
    progress: async (id) => (await local.progress(id)) ?? shared.progress(id),
  };
}
