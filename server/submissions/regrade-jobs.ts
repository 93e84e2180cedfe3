// Bulk re-grades of a task (after staff fixed its cases or an evaluator). Starting one re-queues,
// in one transaction, every graded or failed submission of the task and records a job with the
// points each had before. The queue grades them like any submission; a job's progress and its list
// of changed points are read back from the submissions table, so the answer is the same from any
// process and survives a restart.
import type { SubmissionStatus } from '../core/api.js';
import type { Clock } from '../clock.js';
import { newId } from '../accounts/secrets.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import type { SubmissionStore } from './submission-store.js';

export type JobItem = {
  submissionId: string;
  userId: string;
  oldStatus: SubmissionStatus;
  oldPoints: number | null;
  status: SubmissionStatus;
  points: number | null;
};
export type StoredRegradeJob = { id: string; taskId: string; requestedBy: string; createdAt: string; items: JobItem[] };

export type RegradeJobs = {
  /** Re-queues the task's graded and failed submissions; a job with no items when there are none. */
  start(taskId: string, requestedBy: string): StoredRegradeJob;
  get(id: string): StoredRegradeJob | null;
  ofTask(taskId: string, limit: number): StoredRegradeJob[];
};

type ItemRow = {
  submission_id: string;
  user_id: string;
  old_status: SubmissionStatus;
  old_points: number | null;
  status: SubmissionStatus;
  points: number | null;
};
type JobRow = { id: string; task_id: string; requested_by: string; created_at: string };

export function createRegradeJobs(db: SqliteDatabase, clock: Clock, submissions: SubmissionStore): RegradeJobs {
  const candidates = db.prepare<[string], { id: string; status: SubmissionStatus; points: number | null }>(
    "SELECT id, status, points FROM submissions WHERE task_id = ? AND status IN ('graded', 'failed') ORDER BY created_at, rowid",
  );
  const insertJob = db.prepare('INSERT INTO regrade_jobs (id, task_id, requested_by, created_at) VALUES (?, ?, ?, ?)');
  const insertItem = db.prepare('INSERT INTO regrade_job_items (job_id, submission_id, old_status, old_points) VALUES (?, ?, ?, ?)');
  const jobById = db.prepare<[string], JobRow>('SELECT * FROM regrade_jobs WHERE id = ?');
  const jobsOfTask = db.prepare<[string, number], JobRow>('SELECT * FROM regrade_jobs WHERE task_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?');
  const items = db.prepare<[string], ItemRow>(`
    SELECT i.submission_id, s.user_id, i.old_status, i.old_points, s.status, s.points
    FROM regrade_job_items i JOIN submissions s ON s.id = i.submission_id WHERE i.job_id = ? ORDER BY s.created_at, s.rowid`);

  const toJob = (row: JobRow): StoredRegradeJob => ({
    id: row.id,
    taskId: row.task_id,
    requestedBy: row.requested_by,
    createdAt: row.created_at,
    items: items.all(row.id).map((item) => ({
      submissionId: item.submission_id,
      userId: item.user_id,
      oldStatus: item.old_status,
      oldPoints: item.old_status === 'graded' ? item.old_points : null,
      status: item.status,
      points: item.status === 'graded' ? item.points : null,
    })),
  });

  // IMMEDIATE: no submission of the task changes state between reading and re-queueing it.
  const start = db.transaction((taskId: string, requestedBy: string) => {
    const id = newId('rj');
    insertJob.run(id, taskId, requestedBy, new Date(clock.now()).toISOString());
    for (const candidate of candidates.all(taskId)) {
      // requeue keeps the old result in previous_points/previous_status (the single re-grade's record too).
      if (!submissions.requeue(candidate.id)) continue;
      insertItem.run(id, candidate.id, candidate.status, candidate.points);
    }
    return id;
  });

  return {
    start: (taskId, requestedBy) => toJob(jobById.get(start.immediate(taskId, requestedBy))!),
    get: (id) => {
      const row = jobById.get(id);
      return row ? toJob(row) : null;
    },
    ofTask: (taskId, limit) => jobsOfTask.all(taskId, limit).map(toJob),
  };
}
