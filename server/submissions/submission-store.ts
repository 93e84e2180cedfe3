// Submissions in SQLite: the queue, the snapshots and the reports. Every status change is one
// guarded UPDATE (`WHERE status = ... AND lease = ...`), so a submission is claimed by one worker
// at a time and its grade is written exactly once, even across a restart mid-grading.
import type { GradeReport } from '../core/grade-report.js';
import type { FailureKind, SubmissionStatus } from '../core/api.js';
import { SubmissionLimitReached } from '../core/errors.js';
import type { Clock } from '../clock.js';
import type { LateStatus } from '../shared/late-policy.js';
import { newId } from '../accounts/secrets.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import { INFRASTRUCTURE_MESSAGE, type GradingFailure } from './grading-failure.js';

export type SubmissionKind = 'grade';

export type StoredSubmission = {
  id: string;
  userId: string;
  taskId: string;
  taskVersion: string;
  kind: SubmissionKind;
  program: unknown;
  model: string;
  status: SubmissionStatus;
  lease: string | null;
  attempts: number;
  gradeCount: number;
  points: number | null;
  maxPoints: number;
  metric: number | null;
  /** The full report (hidden cases included): staff only; students get redactHidden(report). */
  report: GradeReport | null;
  error: string | null;
  failureKind: FailureKind | null;
  failureReason: string | null;
  counts: { total: number; errored: number; correct: number } | null;
  /** Against the student's effective due date under the current policy (null: from before deadlines). */
  lateStatus: Exclude<LateStatus, 'refused'> | null;
  lateMs: number | null;
  penaltyPercent: number | null;
  /** Raw `points` less the late penalty. */
  finalPoints: number | null;
  createdAt: string;
  gradedAt: string | null;
  /** Set by a staff re-grade: when it was asked for, and the result it replaced (migration 6). */
  regrade: { at: string; previousStatus: SubmissionStatus; previousPoints: number | null } | null;
};

/** A submission as lists show it: the summary columns only (no program, no report JSON to parse). */
export type SubmissionRow = Omit<StoredSubmission, 'program' | 'report'>;

/** How a grading ended without a grade: whose fault, what staff read, what the student reads. */

export type Row = {
  id: string;
  user_id: string;
  task_id: string;
  task_version: string;
  kind: SubmissionKind;
  program: string;
  model: string;
  status: SubmissionStatus;
  lease: string | null;
  attempts: number;
  grade_count: number;
  points: number | null;
  max_points: number;
  metric: number | null;
  report: string | null;
  error: string | null;
  created_at: string;
  graded_at: string | null;
  failure_kind: FailureKind | null;
  failure_reason: string | null;
  cases_total: number | null;
  cases_errored: number | null;
  cases_correct: number | null;
  previous_points: number | null;
  previous_status: SubmissionStatus | null;
  regraded_at: string | null;
  late_status: Exclude<LateStatus, 'refused'> | null;
  late_ms: number | null;
  penalty_percent: number | null;
  final_points: number | null;
};
export type SummaryRow = Omit<Row, 'program' | 'report'>;

/** The columns a list needs: everything but the program and the report. */
export const summaryColumns = `id, user_id, task_id, task_version, kind, model, status, lease, attempts, grade_count, points, max_points, metric,
  error, created_at, graded_at, failure_kind, failure_reason, cases_total, cases_errored, cases_correct,
  previous_points, previous_status, regraded_at, late_status, late_ms, penalty_percent, final_points`;

export function toRow(row: SummaryRow): SubmissionRow {
  return {
    id: row.id,
    userId: row.user_id,
    taskId: row.task_id,
    taskVersion: row.task_version,
    kind: row.kind,
    model: row.model,
    status: row.status,
    lease: row.lease,
    attempts: row.attempts,
    gradeCount: row.grade_count,
    points: row.points,
    maxPoints: row.max_points,
    metric: row.metric,
    error: row.error,
    failureKind: row.failure_kind,
    failureReason: row.failure_reason,
    counts: row.cases_total === null ? null : { total: row.cases_total, errored: row.cases_errored ?? 0, correct: row.cases_correct ?? 0 },
    lateStatus: row.late_status,
    lateMs: row.late_ms,
    penaltyPercent: row.penalty_percent,
    finalPoints: row.final_points,
    createdAt: row.created_at,
    gradedAt: row.graded_at,
    regrade: row.regraded_at && row.previous_status ? { at: row.regraded_at, previousStatus: row.previous_status, previousPoints: row.previous_points } : null,
  };
}

function toSubmission(row: Row): StoredSubmission {
  return {
    ...toRow(row),
    program: JSON.parse(row.program),
    report: row.report ? (JSON.parse(row.report) as GradeReport) : null,
  };
}

/** Where a submission stands against the deadline (refused ones are never stored). */
export type SubmissionLateness = { status: Exclude<LateStatus, 'refused'>; lateMs: number; penaltyPercent: number };

export type NewSubmission = {
  userId: string;
  taskId: string;
  taskVersion: string;
  program: unknown;
  model: string;
  maxPoints: number;
  /** Recorded at submit time; the final points follow from it when the grade is written. */
  lateness?: SubmissionLateness;
};

export type SubmissionStore = {
  /** Queues a submission; with `perDay`, refuses one over the daily limit in the same transaction. */
  create(submission: NewSubmission, limit: { perDay: number; taskTitle: string } | null): { submission: StoredSubmission; remainingToday: number | null };
  get(id: string): StoredSubmission | null;
  /** Newest first, summary columns only: a list never reads or parses a report. */
  list(filter: { userId?: string; taskId?: string }): SubmissionRow[];
  /** Takes the oldest queued submission for grading, or null. */
  claimNext(): StoredSubmission | null;
  /** Writes the report and its summary columns in one UPDATE (never half-written). */
  complete(id: string, lease: string, report: GradeReport): boolean;
  fail(id: string, lease: string, failure: GradingFailure): boolean;
  /** Puts a claimed submission back in the queue for another attempt (the attempt stays counted). */
  release(id: string, lease: string): boolean;
  /**
   * A graceful stop hands a grading back untouched: queued again with its attempt refunded, since
   * an operator's restart says nothing about the submission. (A crash cannot do this, so a
   * submission that crashes the server still uses its attempts up.)
   */
  unclaim(id: string, lease: string): boolean;
  /** Staff re-grade: a graded or failed submission goes back to the queue with fresh attempts. */
  requeue(id: string): StoredSubmission | null;
  /**
   * At start: submissions left 'grading' by a stopped or crashed server go back to the queue, except
   * those that already used `maxAttempts` (a poison pill): they end failed, infrastructure.
   */
  requeueInterrupted(maxAttempts?: number): { requeued: number; failed: string[] };
  countToday(userId: string, taskId: string): number;
  hasQueued(): boolean;
  countByUser(): Map<string, number>;
  /** Rewrites lateness and final points (a policy or extension changed), in one transaction; never touches grades. */
  setLateness(updates: { id: string; lateness: SubmissionLateness }[]): number;
};

/** Days run in UTC so that the limit resets at the same moment for everyone. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function createSubmissionStore(db: SqliteDatabase, clock: Clock): SubmissionStore {
  const iso = () => new Date(clock.now()).toISOString();
  const insert = db.prepare(`
    INSERT INTO submissions (id, user_id, task_id, task_version, kind, program, model, status, max_points, day, created_at, late_status, late_ms, penalty_percent)
    VALUES (@id, @userId, @taskId, @taskVersion, 'grade', @program, @model, 'queued', @maxPoints, @day, @createdAt, @lateStatus, @lateMs, @penaltyPercent)`);
  const byId = db.prepare<[string], Row>('SELECT * FROM submissions WHERE id = ?');
  // A failure counts when the student's program caused it; the server's failures are free.
  const today = db
    .prepare<[string, string, string], number>(
      "SELECT COUNT(*) FROM submissions WHERE user_id = ? AND task_id = ? AND day = ? AND (status != 'failed' OR failure_kind = 'program')",
    )
    .pluck();
  // Fewest attempts first, then oldest: a submission being retried (provider down, a crash) never
  // holds the workers ahead of submissions that have not had their first attempt. Staff re-grades
  // come after students' submissions: a bulk re-grade of a whole task never makes students wait.
  const claim = db.prepare<[string, string], Row>(`
    UPDATE submissions SET status = 'grading', lease = ?, attempts = attempts + 1, started_at = ?
    WHERE id = (SELECT id FROM submissions WHERE status = 'queued' ORDER BY regraded_at IS NOT NULL, attempts, created_at, rowid LIMIT 1) AND status = 'queued'
    RETURNING *`);
  const complete = db.prepare(`
    UPDATE submissions SET status = 'graded', lease = NULL, grade_count = grade_count + 1, points = @points, metric = @metric,
      report = @report, error = NULL, failure_kind = NULL, failure_reason = NULL,
      final_points = @points * (100 - COALESCE(penalty_percent, 0)) / 100,
      cases_total = @total, cases_errored = @errored, cases_correct = @correct, graded_at = @at
    WHERE id = @id AND status = 'grading' AND lease = @lease`);
  const fail = db.prepare(`
    UPDATE submissions SET status = 'failed', lease = NULL, error = @message, failure_kind = @kind, failure_reason = @reason, graded_at = @at
    WHERE id = @id AND status = 'grading' AND lease = @lease`);
  const release = db.prepare("UPDATE submissions SET status = 'queued', lease = NULL WHERE id = @id AND status = 'grading' AND lease = @lease");
  const unclaim = db.prepare(
    "UPDATE submissions SET status = 'queued', lease = NULL, attempts = MAX(attempts - 1, 0) WHERE id = @id AND status = 'grading' AND lease = @lease",
  );
  // The result being replaced is kept beside the new one (staff compare old and new points).
  const requeue = db.prepare<[string, string], Row>(`
    UPDATE submissions SET status = 'queued', lease = NULL, error = NULL, failure_kind = NULL, failure_reason = NULL, attempts = 0,
      previous_status = status, previous_points = CASE WHEN status = 'graded' THEN points ELSE NULL END, regraded_at = ?
    WHERE id = ? AND status IN ('graded', 'failed') RETURNING *`);
  const giveUpInterrupted = db.prepare<{ max: number; message: string; at: string }, { id: string; attempts: number }>(`
    UPDATE submissions SET status = 'failed', lease = NULL, error = @message, failure_kind = 'infrastructure',
      failure_reason = 'grading was interrupted ' || attempts || ' times (the server stopped or crashed while grading it); not retried again', graded_at = @at
    WHERE status = 'grading' AND attempts >= @max RETURNING id, attempts`);
  const requeueInterrupted = db.prepare("UPDATE submissions SET status = 'queued', lease = NULL WHERE status = 'grading'");
  const anyQueued = db.prepare<[], number>("SELECT 1 FROM submissions WHERE status = 'queued' LIMIT 1").pluck();
  // final_points: the formula of finalPoints() in server/shared/late-policy.ts, in SQL so that the
  // grade and its final points are written by one statement.
  const setLateness = db.prepare(`
    UPDATE submissions SET late_status = @status, late_ms = @lateMs, penalty_percent = @penaltyPercent,
      final_points = CASE WHEN points IS NULL THEN NULL ELSE points * (100 - @penaltyPercent) / 100 END
    WHERE id = @id AND (late_status IS NOT @status OR late_ms IS NOT @lateMs OR penalty_percent IS NOT @penaltyPercent
      OR (points IS NOT NULL AND final_points IS NOT points * (100 - @penaltyPercent) / 100))`);
  const perUser = db.prepare<[], { user_id: string; n: number }>('SELECT user_id, COUNT(*) AS n FROM submissions GROUP BY user_id');

  const create = db.transaction((submission: NewSubmission, limit: { perDay: number; taskTitle: string } | null) => {
    const now = clock.now();
    const day = utcDay(now);
    const used = today.get(submission.userId, submission.taskId, day) ?? 0;
    if (limit && used >= limit.perDay) {
      const resetsAt = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
      throw new SubmissionLimitReached({ perDay: limit.perDay, usedToday: used, taskTitle: limit.taskTitle, now, resetsAt });
    }
    const id = newId('s');
    const { lateness, ...fields } = submission;
    insert.run({
      ...fields,
      id,
      program: JSON.stringify(submission.program),
      day,
      createdAt: new Date(now).toISOString(),
      lateStatus: lateness?.status ?? null,
      lateMs: lateness?.lateMs ?? null,
      penaltyPercent: lateness?.penaltyPercent ?? null,
    });
    return { submission: toSubmission(byId.get(id)!), remainingToday: limit ? limit.perDay - used - 1 : null };
  });

  return {
    create: (submission, limit) => create.immediate(submission, limit),
    get: (id) => {
      const row = byId.get(id);
      return row ? toSubmission(row) : null;
    },
    list(filter) {
      const where: string[] = [];
      const values: string[] = [];
      if (filter.userId) where.push('user_id = ?'), values.push(filter.userId);
      if (filter.taskId) where.push('task_id = ?'), values.push(filter.taskId);
      const sql = `SELECT ${summaryColumns} FROM submissions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC`;
      return (db.prepare(sql).all(...values) as SummaryRow[]).map(toRow);
    },
    claimNext() {
      const row = claim.get(newId('lease'), iso());
      return row ? toSubmission(row) : null;
    },
    complete: (id, lease, report) =>
      complete.run({
        id,
        lease,
        points: report.points,
        metric: report.metric,
        report: JSON.stringify(report),
        total: report.counts?.total ?? null,
        errored: report.counts?.errored ?? null,
        correct: report.counts?.correct ?? null,
        at: iso(),
      }).changes === 1,
    fail: (id, lease, failure) => fail.run({ id, lease, message: failure.message, kind: failure.kind, reason: failure.reason, at: iso() }).changes === 1,
    release: (id, lease) => release.run({ id, lease }).changes === 1,
    unclaim: (id, lease) => unclaim.run({ id, lease }).changes === 1,
    requeue: (id) => {
      const row = requeue.get(iso(), id);
      return row ? toSubmission(row) : null;
    },
    requeueInterrupted: db.transaction((maxAttempts?: number) => {
      const failed =
        maxAttempts === undefined ? [] : giveUpInterrupted.all({ max: maxAttempts, message: INFRASTRUCTURE_MESSAGE, at: iso() }).map((row) => row.id);
      return { requeued: requeueInterrupted.run().changes, failed };
    }),
    countToday: (userId, taskId) => today.get(userId, taskId, utcDay(clock.now())) ?? 0,
    hasQueued: () => anyQueued.get() !== undefined,
    countByUser: () => new Map(perUser.all().map((row) => [row.user_id, row.n])),
    setLateness: db.transaction((updates: { id: string; lateness: SubmissionLateness }[]) => {
      let changed = 0;
      for (const { id, lateness } of updates) changed += setLateness.run({ id, ...lateness }).changes;
      return changed;
    }),
  };
}
