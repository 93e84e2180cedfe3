// The store contract on the PostgreSQL adapter: one throwaway cluster for the file, a fresh
// database per test. Fails (never skips) when the PostgreSQL binaries are missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../server/storage/migrations.js';
import { openStores } from '../../server/storage/open-stores.js';
import { createPool, poolDb } from '../../server/storage/postgres/pg-db.js';
import { migratePostgres } from '../../server/storage/postgres/pg-migrate.js';
import { pgMigrations } from '../../server/storage/postgres/pg-migrations.js';
import { type PostgresCluster, startPostgresCluster } from '../../testkit/postgres-cluster.js';
import { storeContract } from './store-contract.js';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 60_000);
afterAll(() => cluster?.stop());
let count = 0;

storeContract('postgres', {
  async fresh() {
    const url = cluster.createDatabase(`contract_${++count}`);
    return { open: (options) => openStores(url, options) };
  },
});

describe('postgres migrations', () => {
  it('two instances starting together apply each migration once, under the advisory lock', async () => {
    const url = cluster.createDatabase('migrate_race');
    const pools = [createPool(url), createPool(url), createPool(url)];
    try {
      const applied = await Promise.all(pools.map((pool) => migratePostgres(poolDb(pool))));
      expect(applied.flat().sort((a, b) => a - b)).toEqual(pgMigrations.map((m) => m.id));
      const { rows } = await poolDb(pools[0]!).query<{ id: number; name: string }>('SELECT id, name FROM schema_migrations ORDER BY id');
      expect(rows.map((row) => row.id)).toEqual(pgMigrations.map((m) => m.id));
      expect(await migratePostgres(poolDb(pools[0]!))).toEqual([]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('mirror the SQLite migrations one for one (same ids and names)', () => {
    const mirrored = pgMigrations.filter((m) => m.id < 100).map((m) => [m.id, m.name]);
    expect(mirrored).toEqual(migrations.map((m) => [m.id, m.name]));
  });
});
