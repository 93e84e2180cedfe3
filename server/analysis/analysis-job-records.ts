// The rows of analysis_jobs on SQLite, apart from the running of the jobs (analysis-jobs.ts runs
// them in this process): what an async port and a PostgreSQL adapter need to hold the same state.
// One job per task and kind runs at a time: `start` returns the running one instead of a second.
// A running job names the process running it (its server_instances id), so a process starting ends
// only the jobs of processes that are gone, never one another process is still running.
import { newId } from '../accounts/secrets.js';
import type { Clock } from '../clock.js';
import type { AnalysisJobKind } from '../core/analysis-api.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import { type AnalysisJob, type JobRow, toJob } from './analysis-job-row.js';

export type NewAnalysisJob = { taskId: string; kind: AnalysisJobKind; params: unknown; requestedBy: string };

export type AnalysisJobRecords = {
  /** A new running job, or the one of this task and kind already running (`created` false). */
  start(job: NewAnalysisJob): { job: AnalysisJob; created: boolean };
  progress(id: string, done: number, total: number): void;
  finish(id: string, result: unknown): void;
  fail(id: string, message: string): void;
  get(id: string): AnalysisJob | null;
  /** The newest job of a kind for a task; `done` only finished ones. */
  latest(taskId: string, kind: AnalysisJobKind, options?: { done?: boolean }): AnalysisJob | null;
  /** Ends as failed the running jobs of processes not alive at `now` (ms; instance-registry.ts). */
  failAbandoned(message: string, now: number): number;
};

export function createAnalysisJobRecords(db: SqliteDatabase, clock: Clock, options: { owner: string }): AnalysisJobRecords {
  const iso = () => new Date(clock.now()).toISOString();
  const byId = db.prepare<[string], JobRow>('SELECT * FROM analysis_jobs WHERE id = ?');
  const newest = db.prepare<[string, string], JobRow>(
    'SELECT * FROM analysis_jobs WHERE task_id = ? AND kind = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
  );
  const newestDone = db.prepare<[string, string], JobRow>(
    "SELECT * FROM analysis_jobs WHERE task_id = ? AND kind = ? AND state = 'done' ORDER BY created_at DESC, rowid DESC LIMIT 1",
  );
  const running = db.prepare<[string, string], JobRow>("SELECT * FROM analysis_jobs WHERE task_id = ? AND kind = ? AND state = 'running' LIMIT 1");
  const insert = db.prepare(
    "INSERT INTO analysis_jobs (id, task_id, kind, state, params, requested_by, created_at, owner) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)",
  );
  const progress = db.prepare("UPDATE analysis_jobs SET done = ?, total = ? WHERE id = ? AND state = 'running'");
  const finish = db.prepare("UPDATE analysis_jobs SET state = 'done', result = ?, finished_at = ? WHERE id = ? AND state = 'running'");
  const fail = db.prepare("UPDATE analysis_jobs SET state = 'failed', error = ?, finished_at = ? WHERE id = ? AND state = 'running'");
  const failAbandoned = db.prepare(
    `UPDATE analysis_jobs SET state = 'failed', error = ?, finished_at = ?
     WHERE state = 'running' AND (owner IS NULL OR owner NOT IN (SELECT id FROM server_instances WHERE expires_at > ?))`,
  );
  const start = db.transaction((job: NewAnalysisJob) => {
    const already = running.get(job.taskId, job.kind);
    if (already) return { job: toJob(already), created: false };
    const id = newId('aj');
    insert.run(id, job.taskId, job.kind, JSON.stringify(job.params), job.requestedBy, iso(), options.owner);
    return { job: toJob(byId.get(id)!), created: true };
  });
  return {
    start: (job) => start.immediate(job),
    progress: (id, done, total) => void progress.run(done, total, id),
    finish: (id, result) => void finish.run(JSON.stringify(result), iso(), id),
    fail: (id, message) => void fail.run(message, iso(), id),
    get: (id) => {
      const row = byId.get(id);
      return row ? toJob(row) : null;
    },
    latest: (taskId, kind, options) => {
      const row = (options?.done ? newestDone : newest).get(taskId, kind);
      return row ? toJob(row) : null;
    },
    failAbandoned: (message, now) => failAbandoned.run(message, iso(), now).changes,
  };
}
