// The one handle the PostgreSQL stores take: a query, and a transaction that runs a function on one
// connection. Inside a transaction the handle given to the function is bound to that connection, and
// its own `transaction` just runs the function there: a store operation that is a transaction on its
// own (issuing a token) joins the caller's when a larger one (a roster import) uses it.
import pg from 'pg';

export type Db = {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  transaction<T>(work: (db: Db) => Promise<T>): Promise<T>;
};

// 64-bit integers (COUNT, SUM, bigserial ids) and numerics (AVG) as numbers, as SQLite returns them;
// set per pool, not on pg's global type table.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  }) as typeof pg.types.getTypeParser,
};

export function createPool(url: string, options: { max?: number } = {}): pg.Pool {
  return new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
}

export function poolDb(pool: pg.Pool): Db {
  return {
    query: async (text, values) => {
      const result = await pool.query(text, values);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await work(clientDb(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

function clientDb(client: pg.PoolClient): Db {
  const db: Db = {
    query: async (text, values) => {
      const result = await client.query(text, values);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    transaction: (work) => work(db),
  };
  return db;
}

/** Serializes, until the transaction ends, every transaction that takes the same key (any instance). */
export async function lockKey(db: Db, key: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}
