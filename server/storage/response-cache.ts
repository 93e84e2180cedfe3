// The response cache on SQLite (the contract and the key are grading's: server/grading/response-cache.ts).
import type { ResponseCache } from '../grading/response-cache.js';
import type { SqliteDatabase } from './open-database.js';

export function createSqliteResponseCache(db: SqliteDatabase): ResponseCache {
  const select = db.prepare('SELECT value FROM response_cache WHERE key = ?').pluck();
  const insert = db.prepare('INSERT OR REPLACE INTO response_cache (key, value, created_at) VALUES (?, ?, ?)');
  return {
    async get(key) {
      const value = select.get(key) as string | undefined;
      return value === undefined ? undefined : JSON.parse(value);
    },
    async set(key, value) {
      insert.run(key, JSON.stringify(value), new Date().toISOString());
    },
  };
}
