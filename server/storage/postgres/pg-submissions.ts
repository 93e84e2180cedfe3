// Submissions on PostgreSQL: the same guarded UPDATEs as the SQLite store (submission-store.ts),
// for many instances. A claim takes the next queued row with FOR UPDATE SKIP LOCKED, so two workers
// never take the same one and never wait on each other; the daily limit is counted and the row
// inserted under an advisory lock per student and task, so concurrent submits cannot both pass.
import { newId } from '../../accounts/secrets.js';
import type { Clock } from '../../clock.js';
import type { GradeReport } from '../../core/grade-report.js';
import { INFRASTRUCTURE_MESSAGE } from '../../submissions/grading-failure.js';
import type { SubmissionStorePort } from '../../submissions/submission-ports.js';
import { SubmissionLimitReached } from '../../core/errors.js';
import { type Row, type StoredSubmission, summaryColumns, type SummaryRow, toRow, utcDay } from '../../submissions/submission-store.js';
import { type Db, lockKey } from './pg-db.js';

export function toSubmission(row: Row): StoredSubmission {
  return { ...toRow(row), program: JSON.parse(row.program), report: row.report ? (JSON.parse(row.report) as GradeReport) : null };
}

// A failure counts when the student's program caused it; the server's failures are free.
const countToday =
  "SELECT COUNT(*) AS n FROM submissions WHERE user_id = $1 AND task_id = $2 AND day = $3 AND (status != 'failed' OR failure_kind = 'program')";

/** The staff re-grade's UPDATE (shared with the bulk re-grade, which runs it inside its transaction). */
export async function requeueSubmission(db: Db, id: string, at: string): Promise<StoredSubmission | null> {
  const { rows } = await db.query<Row>(
    `UPDATE submissions SET status = 'queued', lease = NULL, error = NULL, failure_kind = NULL, failure_reason = NULL, attempts = 0,
       previous_status = status, previous_points = CASE WHEN status = 'graded' THEN points ELSE NULL END, regraded_at = $1
     WHERE id = $2 AND status IN ('graded', 'failed') RETURNING *`,
    [at, id],
  );
  return rows[0] ? toSubmission(rows[0]) : null;
}

export function createPgSubmissionStore(db: Db, clock: Clock): SubmissionStorePort {
  const iso = () => new Date(clock.now()).toISOString();
  const changed = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rowCount === 1;
  return {
    create: (submission, limit) =>
      db.transaction(async (tx) => {
        await lockKey(tx, `daily:${submission.userId}\n${submission.taskId}`);
        const now = clock.now();
        const day = utcDay(now);
        const used = (await tx.query<{ n: number }>(countToday, [submission.userId, submission.taskId, day])).rows[0]?.n ?? 0;
        if (limit && used >= limit.perDay) {
          const resetsAt = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
          throw new SubmissionLimitReached({ perDay: limit.perDay, usedToday: used, taskTitle: limit.taskTitle, now, resetsAt });
        }
        const { lateness } = submission;
        const { rows } = await tx.query<Row>(
          `INSERT INTO submissions (id, user_id, task_id, task_version, kind, program, model, status, max_points, day, created_at, late_status, late_ms, penalty_percent)
           VALUES ($1, $2, $3, $4, 'grade', $5, $6, 'queued', $7, $8, $9, $10, $11, $12) RETURNING *`,
          [
            newId('s'),
            submission.userId,
            submission.taskId,
            submission.taskVersion,
            JSON.stringify(submission.program),
            submission.model,
            submission.maxPoints,
            day,
            new Date(now).toISOString(),
            lateness?.status ?? null,
            lateness?.lateMs ?? null,
            lateness?.penaltyPercent ?? null,
          ],
        );
        return { submission: toSubmission(rows[0]!), remainingToday: limit ? limit.perDay - used - 1 : null };
      }),
    async get(id) {
      const { rows } = await db.query<Row>('SELECT * FROM submissions WHERE id = $1', [id]);
      return rows[0] ? toSubmission(rows[0]) : null;
    },
    async list(filter) {
      const where: string[] = [];
      const values: string[] = [];
      if (filter.userId) values.push(filter.userId), where.push(`user_id = $${values.length}`);
      if (filter.taskId) values.push(filter.taskId), where.push(`task_id = $${values.length}`);
      const sql = `SELECT ${summaryColumns} FROM submissions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, seq DESC`;
      return (await db.query<SummaryRow>(sql, values)).rows.map(toRow);
    },
    // Students' submissions before staff re-grades, fewest attempts, oldest (as on SQLite).
    async claimNext() {
      const { rows } = await db.query<Row>(
        `UPDATE submissions SET status = 'grading', lease = $1, attempts = attempts + 1, started_at = $2
         WHERE id = (SELECT id FROM submissions WHERE status = 'queued' ORDER BY regraded_at IS NOT NULL, attempts, created_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED)
           AND status = 'queued'
         RETURNING *`,
        [newId('lease'), iso()],
      );
      return rows[0] ? toSubmission(rows[0]) : null;
    },
    complete: (id, lease, report) =>
      changed(
        `UPDATE submissions SET status = 'graded', lease = NULL, grade_count = grade_count + 1, points = $3, metric = $4,
           report = $5, error = NULL, failure_kind = NULL, failure_reason = NULL,
           final_points = $3::double precision * (100 - COALESCE(penalty_percent, 0)) / 100,
           cases_total = $6, cases_errored = $7, cases_correct = $8, graded_at = $9
         WHERE id = $1 AND status = 'grading' AND lease = $2`,
        [
          id,
          lease,
          report.points,
          report.metric,
          JSON.stringify(report),
          report.counts?.total ?? null,
          report.counts?.errored ?? null,
          report.counts?.correct ?? null,
          iso(),
        ],
      ),
    fail: (id, lease, failure) =>
      changed(
        `UPDATE submissions SET status = 'failed', lease = NULL, error = $3, failure_kind = $4, failure_reason = $5, graded_at = $6
         WHERE id = $1 AND status = 'grading' AND lease = $2`,
        [id, lease, failure.message, failure.kind, failure.reason, iso()],
      ),
    release: (id, lease) => changed("UPDATE submissions SET status = 'queued', lease = NULL WHERE id = $1 AND status = 'grading' AND lease = $2", [id, lease]),
    unclaim: (id, lease) =>
      changed(
        "UPDATE submissions SET status = 'queued', lease = NULL, attempts = GREATEST(attempts - 1, 0) WHERE id = $1 AND status = 'grading' AND lease = $2",
        [id, lease],
      ),
    requeue: (id) => requeueSubmission(db, id, iso()),
    requeueInterrupted: (maxAttempts) =>
      db.transaction(async (tx) => {
        const failed =
          maxAttempts === undefined
            ? []
            : (
                await tx.query<{ id: string }>(
                  `UPDATE submissions SET status = 'failed', lease = NULL, error = $2, failure_kind = 'infrastructure',
                     failure_reason = 'grading was interrupted ' || attempts || ' times (the server stopped or crashed while grading it); not retried again', graded_at = $3
                   WHERE status = 'grading' AND attempts >= $1 RETURNING id`,
                  [maxAttempts, INFRASTRUCTURE_MESSAGE, iso()],
                )
              ).rows.map((row) => row.id);
        const requeued = (await tx.query("UPDATE submissions SET status = 'queued', lease = NULL WHERE status = 'grading'")).rowCount;
        return { requeued, failed };
      }),
    async countToday(userId, taskId) {
      return (await db.query<{ n: number }>(countToday, [userId, taskId, utcDay(clock.now())])).rows[0]?.n ?? 0;
    },
    async hasQueued() {
      return (await db.query("SELECT 1 FROM submissions WHERE status = 'queued' LIMIT 1")).rowCount > 0;
    },
    async countByUser() {
      const { rows } = await db.query<{ user_id: string; n: number }>('SELECT user_id, COUNT(*) AS n FROM submissions GROUP BY user_id');
      return new Map(rows.map((row) => [row.user_id, row.n]));
    },
    // final_points: the formula of finalPoints() in server/shared/late-policy.ts, as on SQLite.
    setLateness: (updates) =>
      db.transaction(async (tx) => {
        let count = 0;
        for (const { id, lateness } of updates) {
          const result = await tx.query(
            `UPDATE submissions SET late_status = $2, late_ms = $3, penalty_percent = $4,
               final_points = CASE WHEN points IS NULL THEN NULL ELSE points * (100 - $4::double precision) / 100 END
             WHERE id = $1 AND (late_status IS DISTINCT FROM $2 OR late_ms IS DISTINCT FROM $3::bigint OR penalty_percent IS DISTINCT FROM $4::double precision
               OR (points IS NOT NULL AND final_points IS DISTINCT FROM points * (100 - $4::double precision) / 100))`,
            [id, lateness.status, lateness.lateMs, lateness.penaltyPercent],
          );
          count += result.rowCount;
        }
        return count;
      }),
  };
}
