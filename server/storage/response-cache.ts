// Model responses keyed on provider, model and the full request. Only successes are stored:
// an error is never cached, so a transient failure is retried on the next run.
import { createHash } from 'node:crypto';
import type { SqliteDatabase } from './open-database.js';

export interface ResponseCache {
  get(key: string): unknown | undefined;
  set(key: string, value: unknown): void;
}

/** A stable key: object keys are sorted so equal requests hash equally whatever their key order. */
export function cacheKey(parts: unknown): string {
  return createHash('sha256').update(stableStringify(parts)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function createSqliteResponseCache(db: SqliteDatabase): ResponseCache {
  const select = db.prepare('SELECT value FROM response_cache WHERE key = ?').pluck();
  const insert = db.prepare('INSERT OR REPLACE INTO response_cache (key, value, created_at) VALUES (?, ?, ?)');
  return {
    get(key) {
      const value = select.get(key) as string | undefined;
      return value === undefined ? undefined : JSON.parse(value);
    },
    set(key, value) {
      insert.run(key, JSON.stringify(value), new Date().toISOString());
    },
  };
}

export function createMemoryResponseCache(): ResponseCache {
  const entries = new Map<string, string>();
  return {
    get: (key) => {
      const value = entries.get(key);
      return value === undefined ? undefined : JSON.parse(value);
    },
    set: (key, value) => void entries.set(key, JSON.stringify(value)),
  };
}
