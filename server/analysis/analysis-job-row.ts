// An analysis_jobs row and the job it is, shared by the SQLite and PostgreSQL records.
import type { AnalysisJobKind, AnalysisJobView } from '../core/analysis-api.js';

export type AnalysisJob = AnalysisJobView & { params: unknown; result: unknown };

export type JobRow = {
  id: string;
  task_id: string;
  kind: AnalysisJobKind;
  state: AnalysisJobView['state'];
  done: number;
  total: number;
  params: string;
  result: string | null;
  error: string | null;
  requested_by: string;
  created_at: string;
  finished_at: string | null;
};

export function toJob(row: JobRow): AnalysisJob {
  return {
    id: row.id,
    taskId: row.task_id,
    kind: row.kind,
    state: row.state,
    done: row.done,
    total: row.total,
    error: row.error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    params: JSON.parse(row.params),
    result: row.result === null ? null : JSON.parse(row.result),
  };
}
