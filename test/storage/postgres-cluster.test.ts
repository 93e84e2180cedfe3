// The throwaway cluster every PostgreSQL suite uses: it must really start, accept queries over
// TCP with the `pg` driver, make extra databases, and leave nothing behind when stopped.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgresCluster } from '../../testkit/postgres-cluster.js';

describe('testkit postgres cluster', () => {
  it('starts a real server, creates databases and cleans up', async () => {
    const cluster = await startPostgresCluster();
    try {
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      const { rows } = await client.query<{ v: string }>('select version() as v');
      expect(rows[0]?.v).toMatch(/^PostgreSQL \d+/);
      await client.end();

      const other = cluster.createDatabase('second_db');
      const second = new pg.Client({ connectionString: other });
      await second.connect();
      const db = await second.query<{ d: string }>('select current_database() as d');
      expect(db.rows[0]?.d).toBe('second_db');
      await second.end();
    } finally {
      await cluster.stop();
    }
    const probe = new pg.Client({ connectionString: cluster.url, connectionTimeoutMillis: 2000 });
    await expect(probe.connect()).rejects.toThrow();
  }, 60_000);
});
