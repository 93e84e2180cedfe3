// Submissions in SQLite: the queue, the snapshots and the reports. Every status change is one
// guarded UPDATE (`WHERE status = ... AND lease = ...`), so a submission is claimed by one worker
// at a time and its grade is written exactly once, even across a restart mid-grading.
import type { GradeReport } from '../core/grade-report.js';
import type { SubmissionStatus } from '../core/api.js';
import { SandboxError } from '../core/errors.js';
import type { Clock } from '../clock.js';
import { newId } from '../accounts/secrets.js';
import type { SqliteDatabase } from '../storage/open-database.js';

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
  createdAt: string;
  gradedAt: string | null;
};

/** The daily submission limit of a task is reached. */
export class SubmissionLimitReached extends SandboxError {
  constructor(message: string, details: unknown) {
    super('submission_limit', message, details);
  }
}

type Row = {
  id: string; user_id: string; task_id: string; task_version: string; kind: SubmissionKind; program: string; model: string;
  status: SubmissionStatus; lease: string | null; attempts: number; grade_count: number; points: number | null; max_points: number;
  metric: number | null; report: string | null; error: string | null; created_at: string; graded_at: string | null;
};

function toSubmission(row: Row): StoredSubmission {
  return {
    id: row.id,
    userId: row.user_id,
    taskId: row.task_id,
    taskVersion: row.task_version,
    kind: row.kind,
    program: JSON.parse(row.program),
    model: row.model,
    status: row.status,
    lease: row.lease,
    attempts: row.attempts,
    gradeCount: row.grade_count,
    points: row.points,
    maxPoints: row.max_points,
    metric: row.metric,
    report: row.report ? (JSON.parse(row.report) as GradeReport) : null,
    error: row.error,
    createdAt: row.created_at,
    gradedAt: row.graded_at,
  };
}

export type NewSubmission = { userId: string; taskId: string; taskVersion: string; program: unknown; model: string; maxPoints: number };

export type SubmissionStore = {
  /** Queues a submission; with `perDay`, refuses one over the daily limit in the same transaction. */
  create(submission: NewSubmission, limit: { perDay: number; taskTitle: string } | null): { submission: StoredSubmission; remainingToday: number | null };
  get(id: string): StoredSubmission | null;
  list(filter: { userId?: string; taskId?: string }): StoredSubmission[];
  /** Takes the oldest queued submission for grading, or null. */
  claimNext(): StoredSubmission | null;
  complete(id: string, lease: string, report: GradeReport): boolean;
  fail(id: string, lease: string, message: string): boolean;
  /** Staff re-grade: a graded or failed submission goes back to the queue. */
  requeue(id: string): StoredSubmission | null;
  /** At start: submissions left 'grading' by a stopped server go back to the queue. */
  requeueInterrupted(): number;
  countToday(userId: string, taskId: string): number;
  hasQueued(): boolean;
  /** Best points per task of a user's graded submissions. */
  bestPoints(userId: string): Map<string, number>;
  countByUser(): Map<string, number>;
};

/** Days run in UTC so that the limit resets at the same moment for everyone. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function createSubmissionStore(db: SqliteDatabase, clock: Clock): SubmissionStore {
  const iso = () => new Date(clock.now()).toISOString();
  const insert = db.prepare(`
    INSERT INTO submissions (id, user_id, task_id, task_version, kind, program, model, status, max_points, day, created_at)
    VALUES (@id, @userId, @taskId, @taskVersion, 'grade', @program, @model, 'queued', @maxPoints, @day, @createdAt)`);
  const byId = db.prepare<[string], Row>('SELECT * FROM submissions WHERE id = ?');
  const today = db.prepare<[string, string, string], number>("SELECT COUNT(*) FROM submissions WHERE user_id = ? AND task_id = ? AND day = ? AND status != 'failed'").pluck();
  const claim = db.prepare<[string, string], Row>(`
    UPDATE submissions SET status = 'grading', lease = ?, attempts = attempts + 1, started_at = ?
    WHERE id = (SELECT id FROM submissions WHERE status = 'queued' ORDER BY created_at, rowid LIMIT 1) AND status = 'queued'
    RETURNING *`);
  const complete = db.prepare(`
    UPDATE submissions SET status = 'graded', lease = NULL, grade_count = grade_count + 1, points = @points, metric = @metric,
      report = @report, error = NULL, graded_at = @at
    WHERE id = @id AND status = 'grading' AND lease = @lease`);
  const fail = db.prepare(`
    UPDATE submissions SET status = 'failed', lease = NULL, error = @message, graded_at = @at
    WHERE id = @id AND status = 'grading' AND lease = @lease`);
  const requeue = db.prepare<[string], Row>("UPDATE submissions SET status = 'queued', lease = NULL, error = NULL WHERE id = ? AND status IN ('graded', 'failed') RETURNING *");
  const requeueInterrupted = db.prepare("UPDATE submissions SET status = 'queued', lease = NULL WHERE status = 'grading'");
  const anyQueued = db.prepare<[], number>("SELECT 1 FROM submissions WHERE status = 'queued' LIMIT 1").pluck();
  const best = db.prepare<[string], { task_id: string; best: number }>("SELECT task_id, MAX(points) AS best FROM submissions WHERE user_id = ? AND status = 'graded' GROUP BY task_id");
  const perUser = db.prepare<[], { user_id: string; n: number }>('SELECT user_id, COUNT(*) AS n FROM submissions GROUP BY user_id');

  const create = db.transaction((submission: NewSubmission, limit: { perDay: number; taskTitle: string } | null) => {
    const now = clock.now();
    const day = utcDay(now);
    const used = today.get(submission.userId, submission.taskId, day) ?? 0;
    if (limit && used >= limit.perDay) {
      const midnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
      const minutes = Math.ceil((midnight - now) / 60_000);
      const wait = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
      throw new SubmissionLimitReached(
        `you have used all ${limit.perDay} submissions for "${limit.taskTitle}" today; the next one is possible at 00:00 UTC (in ${wait}). Keep trying your program on the dev cases meanwhile.`,
        { perDay: limit.perDay, usedToday: used, resetsAt: new Date(midnight).toISOString() },
      );
    }
    const id = newId('s');
    insert.run({ ...submission, id, program: JSON.stringify(submission.program), day, createdAt: new Date(now).toISOString() });
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
      if (filter.userId) (where.push('user_id = ?'), values.push(filter.userId));
      if (filter.taskId) (where.push('task_id = ?'), values.push(filter.taskId));
      const sql = `SELECT * FROM submissions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC`;
      return (db.prepare(sql).all(...values) as Row[]).map(toSubmission);
    },
    claimNext() {
      const row = claim.get(newId('lease'), iso());
      return row ? toSubmission(row) : null;
    },
    complete: (id, lease, report) =>
      complete.run({ id, lease, points: report.points, metric: report.metric, report: JSON.stringify(report), at: iso() }).changes === 1,
    fail: (id, lease, message) => fail.run({ id, lease, message, at: iso() }).changes === 1,
    requeue: (id) => {
      const row = requeue.get(id);
      return row ? toSubmission(row) : null;
    },
    requeueInterrupted: () => requeueInterrupted.run().changes,
    countToday: (userId, taskId) => today.get(userId, taskId, utcDay(clock.now())) ?? 0,
    hasQueued: () => anyQueued.get() !== undefined,
    bestPoints: (userId) => new Map(best.all(userId).map((row) => [row.task_id, row.best])),
    countByUser: () => new Map(perUser.all().map((row) => [row.user_id, row.n])),
  };
}
