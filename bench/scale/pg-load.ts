// What a window of work cost PostgreSQL: statements and their execution time (pg_stat_statements,
// updated as each statement ends), write transactions (transaction ids handed out: only a
// transaction that writes takes one), WAL bytes, and the server's CPU (its process tree). The
// cumulative pg_stat_database counters are not used: an idle backend may hold its counts for up
// to 10 s before reporting them, longer than some windows here. The benchmark's own reads are
// tagged `bench-scale` and left out.
import pg from 'pg';
import { parentPid, treeCpuMs } from './proc-cpu.js';

/** The server settings pg_stat_statements needs (startPostgresCluster's `settings`). */
export const PG_STAT_SETTINGS = { shared_preload_libraries: 'pg_stat_statements' };

type Mark = { xid: bigint; lsn: string; cpuMs: number };

export type PgLoad = {
  statements: number;
  /** Statements' execution time inside the server, summed. */
  executionMs: number;
  writeTransactions: number;
  walBytes: number;
  serverCpuMs: number;
  /** The most frequent statements (normalised text, shortened) with their calls. */
  top: { calls: number; ms: number; query: string }[];
};

export async function openPgLoad(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const checkpointer = await pool.query<{ pid: number }>("/* bench-scale */ SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'");
  const postmaster = parentPid(checkpointer.rows[0]!.pid);
  let mark: Mark | null = null;

  const read = async (): Promise<Mark> => {
    const row = (
      await pool.query<{ xid: string; lsn: string }>('/* bench-scale */ SELECT pg_current_xact_id()::text AS xid, pg_current_wal_lsn()::text AS lsn')
    ).rows[0]!;
    return { xid: BigInt(row.xid), lsn: row.lsn, cpuMs: treeCpuMs([postmaster]) };
  };

  return {
    /** Starts a window: forgets the statements counted so far. */
    async start() {
      await pool.query('/* bench-scale */ SELECT pg_stat_statements_reset()');
      mark = await read();
    },
    /** Ends the window started last. */
    async end(): Promise<PgLoad> {
      const now = await read();
      const begun = mark!;
      const statements = await pool.query<{ n: string; ms: number; query: string }>(
        `/* bench-scale */ SELECT calls::text AS n, total_exec_time AS ms, query FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%bench-scale%'
          ORDER BY calls DESC`,
      );
      const wal = await pool.query<{ bytes: string }>('/* bench-scale */ SELECT pg_wal_lsn_diff($1, $2)::text AS bytes', [now.lsn, begun.lsn]);
      const rows = statements.rows.map((row) => ({ calls: Number(row.n), ms: row.ms, query: row.query.replace(/\s+/g, ' ').slice(0, 120) }));
      return {
        statements: rows.reduce((sum, row) => sum + row.calls, 0),
        executionMs: rows.reduce((sum, row) => sum + row.ms, 0),
        // Each read takes one transaction id itself.
        writeTransactions: Number(now.xid - begun.xid) - 1,
        walBytes: Number(wal.rows[0]!.bytes),
        serverCpuMs: now.cpuMs - begun.cpuMs,
        top: rows.slice(0, 12).map((row) => ({ ...row, ms: Math.round(row.ms * 10) / 10 })),
      };
    },
    close: () => pool.end(),
  };
}
