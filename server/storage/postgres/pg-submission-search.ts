// The staff lists of submissions on PostgreSQL: the SQLite search's filters, sorts and pages
// (submission-search.ts) with PostgreSQL's spelling (`$n` parameters, `seq` for rowid, lower() for
// NOCASE, the C collation for SQLite's byte order whatever the database's locale).
import type { StaffSubmissionsQuery } from '../../core/staff-desk-api.js';
import type { SubmissionSearchPort } from '../../submissions/submission-ports.js';
import { dateBound, type QueueRow, type SearchFilter } from '../../submissions/submission-search.js';
import { summaryColumns, type SummaryRow, toRow } from '../../submissions/submission-store.js';
import type { Db } from './pg-db.js';

const orderColumns: Record<StaffSubmissionsQuery['sort'], string> = {
  createdAt: 's.created_at',
  points: "CASE WHEN s.status = 'graded' THEN s.points END",
  status: 's.status COLLATE "C"',
  taskId: 's.task_id COLLATE "C"',
  student: 'lower(u.name) COLLATE "C"',
};

function whereClauses(filter: SearchFilter): { sql: string[]; values: string[] } {
  const sql: string[] = [];
  const values: string[] = [];
  const add = (clause: string, value: string) => {
    values.push(value);
    sql.push(clause.replace('?', `$${values.length}`));
  };
  if (filter.taskId) add('s.task_id = ?', filter.taskId);
  if (filter.userId) add('s.user_id = ?', filter.userId);
  if (filter.status) add('s.status = ?', filter.status);
  if (filter.from) add('s.created_at >= ?', dateBound(filter.from, 'from'));
  if (filter.to) add('s.created_at <= ?', dateBound(filter.to, 'to'));
  if (filter.late) add('s.late_status = ?', filter.late);
  return { sql, values };
}

const prefixed = summaryColumns
  .split(',')
  .map((column) => `s.${column.trim()}`)
  .join(', ');

type QueueSqlRow = SummaryRow & { started_at: string | null };

export function createPgSubmissionSearch(db: Db): SubmissionSearchPort {
  const toQueueRow = (row: QueueSqlRow): QueueRow => ({ ...toRow(row), startedAt: row.started_at });
  const inStatus = async (status: string, order: string, limit: number) =>
    (
      await db.query<QueueSqlRow>(`SELECT ${prefixed}, s.started_at FROM submissions s WHERE s.status = $1 ORDER BY ${order} LIMIT ${limit}`, [status])
    ).rows.map(toQueueRow);
  return {
    async page(query) {
      const { sql, values } = whereClauses(query);
      const where = sql.length ? `WHERE ${sql.join(' AND ')}` : '';
      const total = (await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM submissions s ${where}`, values)).rows[0]?.n ?? 0;
      const direction = query.order === 'asc' ? 'ASC' : 'DESC';
      const column = orderColumns[query.sort];
      // PostgreSQL sorts NULL last ascending and first descending; SQLite the other way round.
      // Spelled out so both adapters agree: NULLS FIRST/LAST as SQLite would place them.
      const nulls = direction === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST';
      const order =
        query.sort === 'createdAt'
          ? `s.created_at ${direction}, s.seq ${direction}`
          : `${query.sort === 'points' ? `${column} IS NULL, ` : ''}${column} ${direction} ${nulls}, s.created_at DESC, s.seq DESC`;
      const join = query.sort === 'student' ? 'LEFT JOIN users u ON u.id = s.user_id' : '';
      const { rows } = await db.query<SummaryRow>(
        `SELECT ${prefixed} FROM submissions s ${join} ${where} ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
        values,
      );
      return { rows: rows.map(toRow), total };
    },
    async queue({ failedLimit }) {
      const limit = Math.max(1, Math.min(500, Math.floor(failedLimit)));
      return {
        queued: await inStatus('queued', 's.regraded_at IS NOT NULL, s.attempts, s.created_at, s.seq', 500),
        grading: await inStatus('grading', 's.started_at NULLS FIRST', 500),
        failed: await inStatus('failed', 's.graded_at DESC NULLS LAST, s.seq DESC', limit),
        failedTotal: (await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM submissions WHERE status = 'failed'")).rows[0]?.n ?? 0,
      };
    },
  };
}
