// `sandbox db copy --from sqlite:<file> --to postgres://…`: moves a term's embedded database to
// PostgreSQL (docs: README, "Moving to PostgreSQL"). The target's schema is created by the
// migrations; it must hold no rows. Prints the rows copied per table.
import fs from 'node:fs';
import { z } from 'zod';
import { openDatabase } from '../../storage/open-database.js';
import { parseDatabaseTarget } from '../../storage/open-stores.js';
import { copySqliteToPostgres } from '../../storage/copy-to-postgres.js';
import { createPool, poolDb } from '../../storage/postgres/pg-db.js';
import { parseFlags, UsageError } from '../args.js';
import type { Output } from '../output.js';

export const dbCopyUsage = `Usage:
  sandbox db copy --from sqlite:<file> --to postgres://user@host:5432/db

Copies every table of the SQLite database (the embedded default keeps it in SANDBOX_DATA_DIR) into
an empty PostgreSQL database, in one transaction, and prints the rows copied per table. The target's
schema is created first; a target that already holds rows is refused and nothing is written.
Stop the server before copying, so no submission arrives during the copy.`;

const FlagsSchema = z
  .object({
    from: z.string().regex(/^sqlite:.+/, 'must be sqlite:<path of the database file>'),
    to: z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL'),
  })
  .strict();

export async function runDbCopy(argv: string[], output: Output): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'copy') throw new UsageError(`unknown command "db ${sub ?? ''}"\n\n${dbCopyUsage}`);
  const { flags } = parseFlags(rest, { from: { type: 'string' }, to: { type: 'string' } }, FlagsSchema, dbCopyUsage);
  const source = parseDatabaseTarget(flags.from);
  if (source.kind !== 'sqlite') throw new UsageError(`--from must be a SQLite file\n\n${dbCopyUsage}`);
  // openDatabase would create an empty file: a mistyped path must fail, not copy nothing.
  if (!fs.existsSync(source.path)) throw new UsageError(`--from: no SQLite database at ${source.path}`);
  const sqlite = openDatabase(source.path);
  const pool = createPool(flags.to, { max: 2 });
  try {
    const counts = await copySqliteToPostgres(sqlite, poolDb(pool));
    const width = Math.max(...counts.map((c) => c.table.length));
    for (const { table, rows } of counts) output.out(`${table.padEnd(width)}  ${rows}`);
    output.out(`copied ${counts.reduce((sum, c) => sum + c.rows, 0)} rows in ${counts.length} tables from ${source.path}`);
    return 0;
  } finally {
    sqlite.close();
    await pool.end();
  }
}
