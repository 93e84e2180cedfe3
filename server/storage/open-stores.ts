// Opens the stores a database target names: `postgres://…` (or `postgresql://…`) is PostgreSQL,
// anything else a SQLite file (`sqlite:` prefix optional), the embedded default.
import type { DatabaseSetting } from '../config.js';
import { openDatabase } from './open-database.js';
import { openPostgresStores, type StoreOptions } from './postgres/postgres-stores.js';
import { sqliteStores } from './sqlite-stores.js';
import type { Stores } from './stores.js';

/** Config's DATABASE_URL, parsed (server/config.ts). */
export type DatabaseTarget = DatabaseSetting;

export function parseDatabaseTarget(target: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(target)) return { kind: 'postgres', url: target };
  return { kind: 'sqlite', path: target.replace(/^sqlite:/i, '') };
}

export async function openStores(target: string | DatabaseTarget, options: StoreOptions): Promise<Stores> {
  const parsed = typeof target === 'string' ? parseDatabaseTarget(target) : target;
  if (parsed.kind === 'postgres') return openPostgresStores(parsed.url, options);
  return sqliteStores(openDatabase(parsed.path), options);
}
