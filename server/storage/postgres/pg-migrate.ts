// Applies the PostgreSQL migrations at start. All of them run in one transaction holding an
// advisory lock, so two instances starting together do not race: the second waits, then finds
// every migration recorded and applies nothing. A failed migration rolls back with its record.
import type { Db } from './pg-db.js';
import { pgMigrations } from './pg-migrations.js';

const MIGRATION_LOCK = 'sandbox:schema_migrations';

export async function migratePostgres(db: Db, now: () => string = () => new Date().toISOString()): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [MIGRATION_LOCK]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const { rows } = await tx.query<{ id: number }>('SELECT id FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.id));
    const done: number[] = [];
    for (const migration of pgMigrations) {
      if (applied.has(migration.id)) continue;
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [migration.id, migration.name, now()]);
      done.push(migration.id);
    }
    return done;
  });
}
