// Bulk re-grades on PostgreSQL (regrade-jobs.ts on SQLite): the job, the re-queue of every graded
// or failed submission of the task and the items with their old points commit together; the rows
// are locked while read, so no submission changes state between reading and re-queueing it.
import { newId } from '../../accounts/secrets.js';
import type { Clock } from '../../clock.js';
import type { SubmissionStatus } from '../../core/api.js';
import type { StoredRegradeJob } from '../../submissions/regrade-jobs.js';
import type { RegradeJobsPort } from '../../submissions/submission-ports.js';
import type { Db } from './pg-db.js';
import { requeueSubmission } from './pg-submissions.js';

type JobRow = { id: string; task_id: string; requested_by: string; created_at: string };
type ItemRow = {
  submission_id: string;
  user_id: string;
  old_status: SubmissionStatus;
  old_points: number | null;
  status: SubmissionStatus;
  points: number | null;
};

export function createPgRegradeJobs(db: Db, clock: Clock): RegradeJobsPort {
  const iso = () => new Date(clock.now()).toISOString();
  const toJob = async (row: JobRow): Promise<StoredRegradeJob> => {
    const { rows } = await db.query<ItemRow>(
      `SELECT i.submission_id, s.user_id, i.old_status, i.old_points, s.status, s.points
       FROM regrade_job_items i JOIN submissions s ON s.id = i.submission_id WHERE i.job_id = $1 ORDER BY s.created_at, s.seq`,
      [row.id],
    );
    return {
      id: row.id,
      taskId: row.task_id,
      requestedBy: row.requested_by,
      createdAt: row.created_at,
      items: rows.map((item) => ({
        submissionId: item.submission_id,
        userId: item.user_id,
        oldStatus: item.old_status,
        oldPoints: item.old_status === 'graded' ? item.old_points : null,
        status: item.status,
        points: item.status === 'graded' ? item.points : null,
      })),
    };
  };
  const get = async (id: string) => {
    const { rows } = await db.query<JobRow>('SELECT id, task_id, requested_by, created_at FROM regrade_jobs WHERE id = $1', [id]);
    return rows[0] ? toJob(rows[0]) : null;
  };
  return {
    async start(taskId, requestedBy) {
      const id = await db.transaction(async (tx) => {
        const jobId = newId('rj');
        const at = iso();
        await tx.query('INSERT INTO regrade_jobs (id, task_id, requested_by, created_at) VALUES ($1, $2, $3, $4)', [jobId, taskId, requestedBy, at]);
        const { rows } = await tx.query<{ id: string; status: SubmissionStatus; points: number | null }>(
          "SELECT id, status, points FROM submissions WHERE task_id = $1 AND status IN ('graded', 'failed') ORDER BY created_at, seq FOR UPDATE",
          [taskId],
        );
        for (const candidate of rows) {
          if (!(await requeueSubmission(tx, candidate.id, at))) continue;
          await tx.query('INSERT INTO regrade_job_items (job_id, submission_id, old_status, old_points) VALUES ($1, $2, $3, $4)', [
            jobId,
            candidate.id,
            candidate.status,
            candidate.points,
          ]);
        }
        return jobId;
      });
      return (await get(id))!;
    },
    get,
    async ofTask(taskId, limit) {
      const { rows } = await db.query<JobRow>(
        'SELECT id, task_id, requested_by, created_at FROM regrade_jobs WHERE task_id = $1 ORDER BY created_at DESC, seq DESC LIMIT $2',
        [taskId, limit],
      );
      return Promise.all(rows.map(toJob));
    },
  };
}
