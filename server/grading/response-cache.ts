// The response cache grading reads and writes: model answers keyed on provider, model, the full
// request and a scope (whose cache it is). Only successes are stored: an error is never cached, so
// a transient failure is retried on the next run. Grading owns the contract; storage implements it
// on SQLite (server/storage/response-cache.ts) and PostgreSQL, so grading never imports storage.
// Async because a shared cache answers over the network (several workers on one PostgreSQL).
import { createHash } from 'node:crypto';

export interface ResponseCache {
  get(key: string): Promise<unknown | undefined>;
  set(key: string, value: unknown): Promise<void>;
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

/** For tools and tests that want caching within one process and nothing on disk. */
export function createMemoryResponseCache(): ResponseCache {
  const entries = new Map<string, string>();
  return {
    get: async (key) => {
      const value = entries.get(key);
      return value === undefined ? undefined : JSON.parse(value);
    },
    set: async (key, value) => void entries.set(key, JSON.stringify(value)),
  };
}
