// `sandbox db copy --from sqlite:<file> --to postgres://…`: moves a term's embedded database to
// PostgreSQL (docs: README, "Moving to PostgreSQL"). The target's schema is created by the
// migrations; it must hold no rows. Prints the rows copied per table. Submissions that were waiting
// for a grade get their pg-boss job, so the workers grade them without a re-grade by staff.
import fs from 'node:fs';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { errorMessage } from '../../core/errors.js';
import { openDatabase } from '../../storage/open-database.js';
import { parseDatabaseTarget } from '../../storage/open-stores.js';
import { copySqliteToPostgres, waitingSubmissionIds } from '../../storage/copy-to-postgres.js';
import { createPool, poolDb } from '../../storage/postgres/pg-db.js';
import { queueLimitsFrom } from '../../submissions/grading-queue.js';
import { parseFlags, UsageError } from '../args.js';
import type { Output } from '../output.js';

export const dbCopyUsage = `Usage:
  sandbox db copy --from sqlite:<file> --to postgres://user@host:5432/db

Copies every table of the SQLite database (the embedded default keeps it in SANDBOX_DATA_DIR) into
an empty PostgreSQL database, in one transaction, and prints the rows copied per table. The target's
schema is created first; a target that already holds rows is refused and nothing is written.
Submissions still waiting for a grade (queued, or mid-grade when the server stopped) are sent to the
grading queue on PostgreSQL: the workers grade them once they start.
Stop the server before copying, so no submission arrives during the copy.`;

const FlagsSchema = z
  .object({
    from: z.string().regex(/^sqlite:.+/, 'must be sqlite:<path of the database file>'),
    to: z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL'),
  })
  .strict();

/** config: the grading queue's limits and settings, for the waiting submissions' jobs. */
export async function runDbCopy(argv: string[], output: Output, config: Config): Promise<number> {
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
    const target = poolDb(pool);
    const counts = await copySqliteToPostgres(sqlite, target);
    const width = Math.max(...counts.map((c) => c.table.length));
    for (const { table, rows } of counts) output.out(`${table.padEnd(width)}  ${rows}`);
    output.out(`copied ${counts.reduce((sum, c) => sum + c.rows, 0)} rows in ${counts.length} tables from ${source.path}`);
    const waiting = await waitingSubmissionIds(target);
    if (waiting.length) {
      // pg-boss (and its schema) only when there is something to send.
      const { sendGradingJobs } = await import('../../submissions/open-pgboss-queue.js');
      try {
        await sendGradingJobs(flags.to, waiting, queueLimitsFrom(config), config.pgQueue);
      } catch (error) {
        // The copy is committed and a second one would be refused: say what is left to do by hand.
        output.err(
          `sandbox: the copy is complete, but its ${waiting.length} waiting submission${waiting.length === 1 ? '' : 's'} could not be sent to the grading queue (${errorMessage(error)}). ` +
            'Fix the cause, start the processes, then regrade a task on the staff page ("Regrade a task"): a regrade sends every queued submission to the queue again.',
        );
        return 1;
      }
      output.out(`queued ${waiting.length} waiting submission${waiting.length === 1 ? '' : 's'} for grading: the workers grade them once they start`);
    }
    return 0;
  } finally {
    sqlite.close();
    await pool.end();
  }
}
