// Moves a term's SQLite database to PostgreSQL (`sandbox db copy`). Every table the SQLite schema
// has is copied, in an order that satisfies the foreign keys, inside one PostgreSQL transaction:
// a copy is all or nothing. The target must be empty (its schema is created by the migrations
// first): a second copy into a filled database is refused before anything is written, naming the
// tables that hold rows, rather than merged, so a copy never doubles a student's submissions or
// their budget. Rows go in rowid order, so PostgreSQL's `seq` columns keep SQLite's tie-break order;
// explicit ids (model_calls, extension_audit) are kept and their sequences moved past them.
import { SandboxError } from '../core/errors.js';
import type { SqliteDatabase } from './open-database.js';
import type { Db } from './postgres/pg-db.js';
import { migratePostgres } from './postgres/pg-migrate.js';
import { pgMigrations } from './postgres/pg-migrations.js';

/** Parents before children. A table SQLite has that is not listed here is copied after these. */
const ORDER = [
  'users',
  'access_tokens',
  'sign_in_codes',
  'sessions',
  'drafts',
  'usage_counters',
  'model_calls',
  'submissions',
  'extensions',
  'extension_audit',
  'regrade_jobs',
  'regrade_job_items',
  'analysis_jobs',
  'response_cache',
];
/** Tables with an id PostgreSQL would otherwise generate. */
const SERIAL_IDS = ['model_calls', 'extension_audit'];
const BATCH_ROWS = 500;

export class CopyRefused extends SandboxError {
  constructor(message: string, details?: unknown) {
    super('copy_refused', message, details);
  }
}

export type CopyCount = { table: string; rows: number };

function sqliteTables(source: SqliteDatabase): string[] {
  const names = source
    .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'")
    .pluck()
    .all();
  const known = ORDER.filter((name) => names.includes(name));
  return [...known, ...names.filter((name) => !ORDER.includes(name)).sort()];
}

function withoutRowid(source: SqliteDatabase, table: string): boolean {
  const sql = source.prepare<[string], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) ?? '';
  return /\bWITHOUT\s+ROWID\b/i.test(sql);
}

export async function copySqliteToPostgres(source: SqliteDatabase, target: Db): Promise<CopyCount[]> {
  const sourceLevel = source.prepare<[], number | null>('SELECT MAX(id) FROM schema_migrations').pluck().get() ?? 0;
  const mirrored = Math.max(...pgMigrations.filter((m) => m.id < 100).map((m) => m.id));
  if (sourceLevel > mirrored) {
    throw new CopyRefused(
      `the SQLite database is at schema migration ${sourceLevel}, but the PostgreSQL schema mirrors migrations up to ${mirrored}; update the sandbox on this machine (its PostgreSQL migrations) and copy again`,
    );
  }
  await migratePostgres(target);
  const tables = sqliteTables(source);
  return target.transaction(async (tx) => {
    const { rows: pgColumns } = await tx.query<{ table_name: string; column_name: string }>(
      'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ANY($1)',
      [tables],
    );
    const missing = tables.filter((table) => !pgColumns.some((c) => c.table_name === table));
    if (missing.length) throw new CopyRefused(`the PostgreSQL schema has no table ${missing.join(', ')}; nothing was copied`);
    const filled: string[] = [];
    for (const table of tables) {
      const { rows } = await tx.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
      if ((rows[0]?.n ?? 0) > 0) filled.push(`${table} (${rows[0]!.n} rows)`);
    }
    if (filled.length) {
      throw new CopyRefused(
        `the target database is not empty: ${filled.join(', ')}; copy into a new, empty database (createdb) so nothing is counted twice. Nothing was copied.`,
        { filled },
      );
    }
    const counts: CopyCount[] = [];
    for (const table of tables) {
      const target = new Set(pgColumns.filter((c) => c.table_name === table).map((c) => c.column_name));
      const columns = source
        .prepare<[], { name: string }>(`PRAGMA table_info(${table})`)
        .all()
        .map((c) => c.name);
      const lost = columns.filter((c) => !target.has(c));
      if (lost.length) throw new CopyRefused(`the PostgreSQL table ${table} has no column ${lost.join(', ')}; nothing was copied`);
      let copied = 0;
      let batch: unknown[][] = [];
      const flush = async () => {
        if (!batch.length) return;
        const values: unknown[] = [];
        const tuples = batch.map((row) => `(${row.map((value) => `$${values.push(value)}`).join(', ')})`);
        await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
        copied += batch.length;
        batch = [];
      };
      // A table clustered on its key (WITHOUT ROWID: the request slots and reservations) has no
      // rowid and no ties to keep: it is read in key order.
      const order = withoutRowid(source, table) ? '' : ' ORDER BY rowid';
      const rows = source
        .prepare(`SELECT ${columns.join(', ')} FROM ${table}${order}`)
        .raw()
        .iterate() as Iterable<unknown[]>;
      for (const row of rows) {
        batch.push(row.map((value) => (typeof value === 'bigint' ? Number(value) : value)));
        if (batch.length >= BATCH_ROWS) await flush();
      }
      await flush();
      if (SERIAL_IDS.includes(table)) {
        await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM ${table}`);
      }
      counts.push({ table, rows: copied });
    }
    return counts;
  });
}

/**
 * The copied submissions still waiting for a grade, oldest first: queued, or grading when their
 * process stopped (a crash leaves the row so; a worker claims it again by id). On PostgreSQL a
 * submission is graded when its pg-boss job runs, and a copy brings rows, not jobs.
 */
export async function waitingSubmissionIds(target: Db): Promise<string[]> {
  const { rows } = await target.query<{ id: string }>("SELECT id FROM submissions WHERE status IN ('queued', 'grading') ORDER BY created_at, seq");
  return rows.map((row) => row.id);
}
