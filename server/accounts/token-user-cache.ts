// Which user a personal token belongs to, remembered briefly. Every gateway request authenticates
// by token; under the benchmark's load the two lookups (token hash, then user row) cost about
// 0.05 ms of CPU per request, 4% of the gateway's, most of it statement overhead rather than
// data. A remembered answer must never outlive a revocation, so the cache is emptied whenever
// tokens or users change in this process (the accounts service tells it), whenever another
// connection has written to the database (SQLite's data_version moves), and after `ttlMs` anyway.
// Keys are token hashes, so no secret is held in memory longer than its request.
import type { User } from '../core/api.js';
import { hashSecret } from './secrets.js';

export type TokenUserCache = {
  /** The token's user, remembered or looked up; unknown tokens are looked up every time. */
  get(token: string): Promise<User | null>;
  /** Forget everything (a token or user changed). */
  clear(): void;
};

export function createTokenUserCache(options: {
  lookup: (token: string) => Promise<User | null>;
  /** A number that changes when another connection has committed (PRAGMA data_version). */
  dataVersion: () => unknown;
  now: () => number;
  ttlMs?: number;
  maxEntries?: number;
}): TokenUserCache {
  const ttlMs = options.ttlMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { user: User; until: number }>();
  let version = options.dataVersion();

  return {
    async get(token) {
      const current = options.dataVersion();
      if (current !== version) {
        entries.clear();
        version = current;
      }
      const key = hashSecret(token);
      const now = options.now();
      const hit = entries.get(key);
      if (hit && hit.until > now) return hit.user;
      const user = await options.lookup(token);
      if (!user) {
        entries.delete(key);
        return null;
      }
      if (entries.size >= maxEntries) entries.clear();
      entries.set(key, { user, until: now + ttlMs });
      return user;
    },
    clear: () => entries.clear(),
  };
}
