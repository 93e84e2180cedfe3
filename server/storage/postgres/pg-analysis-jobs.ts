// The analysis_jobs rows on PostgreSQL (analysis-job-records.ts on SQLite). One running job per task
// and kind is the partial unique index of migration 101: two instances starting the same job at
// once insert one row, and the other gets the running one back. A running job names its process.
import type { AnalysisJobRecordsPort } from '../../analysis/analysis-ports.js';
import { type JobRow, toJob } from '../../analysis/analysis-job-row.js';
import { newId } from '../../accounts/secrets.js';
import type { Clock } from '../../clock.js';
import type { Db } from './pg-db.js';

export function createPgAnalysisJobRecords(db: Db, clock: Clock, options: { owner: string }): AnalysisJobRecordsPort {
  const iso = () => new Date(clock.now()).toISOString();
  const one = async (sql: string, values: unknown[]) => {
    const row = (await db.query<JobRow>(sql, values)).rows[0];
    return row ? toJob(row) : null;
  };
  return {
    async start(job) {
      // The running job may finish between a refused insert and the read; then try again.
      for (;;) {
        const inserted = await one(
          `INSERT INTO analysis_jobs (id, task_id, kind, state, params, requested_by, created_at, owner) VALUES ($1, $2, $3, 'running', $4, $5, $6, $7)
           ON CONFLICT (task_id, kind) WHERE state = 'running' DO NOTHING RETURNING *`,
          [newId('aj'), job.taskId, job.kind, JSON.stringify(job.params), job.requestedBy, iso(), options.owner],
        );
        if (inserted) return { job: inserted, created: true };
        const running = await one("SELECT * FROM analysis_jobs WHERE task_id = $1 AND kind = $2 AND state = 'running' LIMIT 1", [job.taskId, job.kind]);
        if (running) return { job: running, created: false };
      }
    },
    async progress(id, done, total) {
      await db.query("UPDATE analysis_jobs SET done = $1, total = $2 WHERE id = $3 AND state = 'running'", [done, total, id]);
    },
    async finish(id, result) {
      await db.query("UPDATE analysis_jobs SET state = 'done', result = $1, finished_at = $2 WHERE id = $3 AND state = 'running'", [
        JSON.stringify(result),
        iso(),
        id,
      ]);
    },
    async fail(id, message) {
      await db.query("UPDATE analysis_jobs SET state = 'failed', error = $1, finished_at = $2 WHERE id = $3 AND state = 'running'", [message, iso(), id]);
    },
    get: (id) => one('SELECT * FROM analysis_jobs WHERE id = $1', [id]),
    latest: (taskId, kind, options) =>
      one(
        `SELECT * FROM analysis_jobs WHERE task_id = $1 AND kind = $2 ${options?.done ? "AND state = 'done'" : ''} ORDER BY created_at DESC, seq DESC LIMIT 1`,
        [taskId, kind],
      ),
    failAbandoned: async (message, now) =>
      (
        await db.query(
          `UPDATE analysis_jobs SET state = 'failed', error = $1, finished_at = $2
           WHERE state = 'running' AND (owner IS NULL OR owner NOT IN (SELECT id FROM server_instances WHERE expires_at > $3))`,
          [message, iso(), now],
        )
      ).rowCount,
  };
}
