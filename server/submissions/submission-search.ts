// Staff lists over the submissions table: filtered, sorted and paged in SQL, from the summary
// columns only (a report is ~20 KB of JSON; a list never reads one). The grading queue view too.
import type { StaffSubmissionsQuery } from '../core/staff-desk-api.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import { summaryColumns, toRow, type SubmissionRow, type SummaryRow } from './submission-store.js';

export type SearchFilter = Omit<StaffSubmissionsQuery, 'sort' | 'order' | 'page' | 'pageSize'>;

/** A row of the queue view: the summary plus when this attempt started. */
export type QueueRow = SubmissionRow & { startedAt: string | null };

export type SubmissionSearch = {
  page(query: StaffSubmissionsQuery): { rows: SubmissionRow[]; total: number };
  queue(options: { failedLimit: number }): { queued: QueueRow[]; grading: QueueRow[]; failed: QueueRow[]; failedTotal: number };
};

/** A bare day bounds the whole UTC day: `from` at its start, `to` through its end. */
export function dateBound(value: string, end: 'from' | 'to'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value).toISOString();
  return end === 'from' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`;
}

// Column names come from this fixed map, never from the query string. Ties break on the newest.
const orderColumns: Record<StaffSubmissionsQuery['sort'], string> = {
  createdAt: 's.created_at',
  // Points of a submission that is not graded (queued, failed) sort as missing, after every number.
  points: "CASE WHEN s.status = 'graded' THEN s.points END",
  status: 's.status',
  taskId: 's.task_id',
  student: 'u.name COLLATE NOCASE',
};

/** One clause per filter; column names are fixed here, values are bound. */
function whereClauses(filter: SearchFilter): { sql: string[]; values: string[] } {
  const sql: string[] = [];
  const values: string[] = [];
  if (filter.taskId) sql.push('s.task_id = ?'), values.push(filter.taskId);
  if (filter.userId) sql.push('s.user_id = ?'), values.push(filter.userId);
  if (filter.status) sql.push('s.status = ?'), values.push(filter.status);
  if (filter.from) sql.push('s.created_at >= ?'), values.push(dateBound(filter.from, 'from'));
  if (filter.to) sql.push('s.created_at <= ?'), values.push(dateBound(filter.to, 'to'));
  if (filter.late) sql.push('s.late_status = ?'), values.push(filter.late);
  return { sql, values };
}

const prefixed = summaryColumns
  .split(',')
  .map((column) => `s.${column.trim()}`)
  .join(', ');

export function createSubmissionSearch(db: SqliteDatabase): SubmissionSearch {
  const inStatus = (status: string, order: string, limit: number) =>
    db.prepare<[], SummaryRow & { started_at: string | null }>(
      `SELECT ${prefixed}, s.started_at FROM submissions s WHERE s.status = '${status}' ORDER BY ${order} LIMIT ${limit}`,
    );
  // The queue in the order the workers take it (submission-store.ts: students' before re-grades, fewest attempts, oldest).
  const queued = inStatus('queued', 's.regraded_at IS NOT NULL, s.attempts, s.created_at, s.rowid', 500);
  const grading = inStatus('grading', 's.started_at', 500);
  const failedCount = db.prepare<[], number>("SELECT COUNT(*) FROM submissions WHERE status = 'failed'").pluck();
  const toQueueRow = (row: SummaryRow & { started_at: string | null }): QueueRow => ({ ...toRow(row), startedAt: row.started_at });

  return {
    page(query) {
      const { sql, values } = whereClauses(query);
      const where = sql.length ? `WHERE ${sql.join(' AND ')}` : '';
      const total =
        db
          .prepare<string[], number>(`SELECT COUNT(*) FROM submissions s ${where}`)
          .pluck()
          .get(...values) ?? 0;
      const direction = query.order === 'asc' ? 'ASC' : 'DESC';
      const column = orderColumns[query.sort];
      // Missing points go last in both directions. By date the order is the index's
      // (submissions_created), so a page is read from it rather than sorted out of the whole table.
      const order =
        query.sort === 'createdAt'
          ? `s.created_at ${direction}, s.rowid ${direction}`
          : `${query.sort === 'points' ? `${column} IS NULL, ` : ''}${column} ${direction}, s.created_at DESC, s.rowid DESC`;
      const join = query.sort === 'student' ? 'LEFT JOIN users u ON u.id = s.user_id' : '';
      const rows = db
        .prepare<string[], SummaryRow>(
          `SELECT ${prefixed} FROM submissions s ${join} ${where} ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
        )
        .all(...values);
      return { rows: rows.map(toRow), total };
    },
    queue({ failedLimit }) {
      const limit = Math.max(1, Math.min(500, Math.floor(failedLimit)));
      const failed = inStatus('failed', 's.graded_at DESC, s.rowid DESC', limit);
      return {
        queued: queued.all().map(toQueueRow),
        grading: grading.all().map(toQueueRow),
        failed: failed.all().map(toQueueRow),
        failedTotal: failedCount.get() ?? 0,
      };
    },
  };
}
