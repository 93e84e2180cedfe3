// Leases on submissions in SQLite: the claim, the heartbeat and the take-back of expired leases.
// A worker (any process on the database) claims a submission for `leaseMs` and renews the lease
// while it grades; a lease that runs out belongs to a worker that died (SIGKILL, a lost machine),
// and only then does another worker take the submission back. The grade is written under the lease
// (submission-store.ts: `WHERE status = 'grading' AND lease = ?`), so the late finish of an expired
// lease writes nothing: every grade is recorded once, whoever finishes first with a live lease.
// Kept beside the store rather than in it: the queue's lease rules are one concern, the store's
// rows another (the PostgreSQL queue holds its leases in pg-boss and uses only claimById here).
import { newId } from '../accounts/secrets.js';
import type { Clock } from '../clock.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import { INFRASTRUCTURE_MESSAGE } from './grading-failure.js';
import type { SubmissionStatus } from '../core/api.js';
import type { SubmissionProgress } from './submission-events.js';

export type LeaseSettings = {
  /** How long a claim lives without a heartbeat. */
  leaseMs: number;
  /** Attempts per submission; an expired lease used one, and one out of attempts ends failed. */
  maxAttempts: number;
};

export type ClaimedSubmission = { id: string; lease: string };

export type GradingLeases = {
  /** Takes back expired leases (failing those out of attempts), then claims the next queued submission. */
  claimNext(settings: LeaseSettings): { claimed: ClaimedSubmission | null; reclaimed: number; failed: string[] };
  /**
   * Claims one given submission under a fresh lease, for a queue library that keeps the leases
   * itself (pg-boss): a queued submission, or one still 'grading' under an attempt the library has
   * given up on (it hands a job out again only after its expiry). The earlier attempt's lease stops
   * matching, so its late finish writes nothing.
   */
  claimById(id: string, leaseMs: number): ClaimedSubmission | null;
  /** Renews a live lease; false when it was lost (taken back after expiry, or the submission changed). */
  heartbeat(id: string, lease: string, leaseMs: number): boolean;
  /** Written by the lease holder only; read (states) by any process that shows progress. */
  setProgress(id: string, lease: string, progress: SubmissionProgress): void;
  /** Status and progress of several submissions in one query (a web process polling for its streams). */
  states(ids: readonly string[]): LeaseState[];
  /**
   * The queue gave up on a submission (its attempts are used up): it is failed (infrastructure) if
   * no attempt recorded a final state, and marked dead-lettered with the queue's reason either way.
   */
  deadLetter(id: string, reason: string): void;
  /** Queued submissions, oldest first (a job queue's sweep for submissions it may not have a job for). */
  queuedIds(limit: number): string[];
  /** Dead-letter marks of the given submissions (the staff queue view). */
  deadLetters(ids: readonly string[]): Map<string, DeadLetter>;
};

export type DeadLetter = { at: string; reason: string };

/** A submissions row's status and progress columns, as both adapters read them. */
export type LeaseStateRow = {
  id: string;
  status: SubmissionStatus;
  progress_done: number | null;
  progress_total: number | null;
  progress_errored: number | null;
};

export type LeaseState = { id: string; status: SubmissionStatus; progress: SubmissionProgress | null };

/** Progress is shown only while grading runs and has counted its cases. */
export function leaseStateOf(row: LeaseStateRow): LeaseState {
  const progress =
    row.status === 'grading' && row.progress_total !== null
      ? { done: row.progress_done ?? 0, total: row.progress_total, errored: row.progress_errored ?? 0 }
      : null;
  return { id: row.id, status: row.status, progress };
}

export function createGradingLeases(db: SqliteDatabase, clock: Clock, owner: string = newId('worker')): GradingLeases {
  const iso = () => new Date(clock.now()).toISOString();
  // An expired lease with attempts left goes back to the queue (the attempt stays counted: a crash
  // uses one); without attempts left it ends failed, infrastructure, like a poison pill.
  const giveUp = db.prepare<{ now: number; max: number; message: string; at: string }, { id: string }>(`
    UPDATE submissions SET status = 'failed', lease = NULL, lease_owner = NULL, lease_expires_at = NULL, error = @message, failure_kind = 'infrastructure',
      failure_reason = 'grading was interrupted ' || attempts || ' times (its worker stopped or crashed while grading it and the lease expired); not retried again',
      graded_at = @at
    WHERE status = 'grading' AND lease_expires_at IS NOT NULL AND lease_expires_at <= @now AND attempts >= @max RETURNING id`);
  const takeBack = db.prepare<{ now: number }>(`
    UPDATE submissions SET status = 'queued', lease = NULL, lease_owner = NULL, lease_expires_at = NULL
    WHERE status = 'grading' AND lease_expires_at IS NOT NULL AND lease_expires_at <= @now`);
  // The order of submission-store.ts: students' before re-grades, fewest attempts, oldest.
  const claim = db.prepare<{ lease: string; owner: string; expires: number; at: string }, { id: string }>(`
    UPDATE submissions SET status = 'grading', lease = @lease, lease_owner = @owner, lease_expires_at = @expires, attempts = attempts + 1, started_at = @at,
      progress_done = NULL, progress_total = NULL, progress_errored = NULL
    WHERE id = (SELECT id FROM submissions WHERE status = 'queued' ORDER BY regraded_at IS NOT NULL, attempts, created_at, rowid LIMIT 1) AND status = 'queued'
    RETURNING id`);
  const claimOne = db.prepare<{ id: string; lease: string; owner: string; expires: number; at: string }, { id: string }>(`
    UPDATE submissions SET status = 'grading', lease = @lease, lease_owner = @owner, lease_expires_at = @expires, attempts = attempts + 1, started_at = @at,
      progress_done = NULL, progress_total = NULL, progress_errored = NULL
    WHERE id = @id AND status IN ('queued', 'grading')
    RETURNING id`);
  const renew = db.prepare<{ id: string; lease: string; expires: number }>(
    "UPDATE submissions SET lease_expires_at = @expires WHERE id = @id AND status = 'grading' AND lease = @lease",
  );
  const writeProgress = db.prepare<{ id: string; lease: string; done: number; total: number; errored: number }>(
    "UPDATE submissions SET progress_done = @done, progress_total = @total, progress_errored = @errored WHERE id = @id AND status = 'grading' AND lease = @lease",
  );

  const failDead = db.prepare<{ id: string; reason: string; message: string; at: string }>(`
    UPDATE submissions SET status = 'failed', lease = NULL, lease_owner = NULL, lease_expires_at = NULL, error = @message, failure_kind = 'infrastructure',
      failure_reason = @reason, graded_at = @at
    WHERE id = @id AND status IN ('queued', 'grading')`);
  const markDead = db.prepare<{ id: string; reason: string; at: string }>(
    "UPDATE submissions SET dead_lettered_at = @at, dead_letter_reason = @reason WHERE id = @id AND status = 'failed' AND failure_kind = 'infrastructure'",
  );
  const readDead = db.prepare<[string], { id: string; dead_lettered_at: string; dead_letter_reason: string | null }>(
    'SELECT id, dead_lettered_at, dead_letter_reason FROM submissions WHERE id IN (SELECT value FROM json_each(?)) AND dead_lettered_at IS NOT NULL',
  );
  const readStates = db.prepare<[string], LeaseStateRow>(
    'SELECT id, status, progress_done, progress_total, progress_errored FROM submissions WHERE id IN (SELECT value FROM json_each(?))',
  );
  const queued = db.prepare<[number], string>("SELECT id FROM submissions WHERE status = 'queued' ORDER BY created_at, rowid LIMIT ?").pluck();
  const deadLetter = db.transaction((id: string, reason: string) => {
    const at = iso();
    failDead.run({ id, reason, message: INFRASTRUCTURE_MESSAGE, at });
    markDead.run({ id, reason, at });
  });

  const claimNext = db.transaction((settings: LeaseSettings) => {
    const now = clock.now();
    const failed = giveUp.all({ now, max: settings.maxAttempts, message: INFRASTRUCTURE_MESSAGE, at: iso() }).map((row) => row.id);
    for (const id of failed) markDead.run({ id, reason: 'every attempt was interrupted (its worker stopped or crashed; the lease expired)', at: iso() });
    const reclaimed = takeBack.run({ now }).changes;
    const lease = newId('lease');
    const row = claim.get({ lease, owner, expires: now + settings.leaseMs, at: iso() });
    return { claimed: row ? { id: row.id, lease } : null, reclaimed, failed };
  });

  return {
    // IMMEDIATE: two processes claiming at once are serialized by SQLite's write lock.
    claimNext: (settings) => claimNext.immediate(settings),
    claimById: (id, leaseMs) => {
      const lease = newId('lease');
      const row = claimOne.get({ id, lease, owner, expires: clock.now() + leaseMs, at: iso() });
      return row ? { id: row.id, lease } : null;
    },
    heartbeat: (id, lease, leaseMs) => renew.run({ id, lease, expires: clock.now() + leaseMs }).changes === 1,
    setProgress: (id, lease, progress) => void writeProgress.run({ id, lease, ...progress }),
    deadLetter: (id, reason) => deadLetter.immediate(id, reason),
    queuedIds: (limit) => queued.all(limit),
    states: (ids) => readStates.all(JSON.stringify(ids)).map(leaseStateOf),
    deadLetters: (ids) =>
      new Map(
        ids.length === 0
          ? []
          : readDead.all(JSON.stringify(ids)).map((row) => [row.id, { at: row.dead_lettered_at, reason: row.dead_letter_reason ?? 'dead-lettered' }]),
      ),
  };
}
