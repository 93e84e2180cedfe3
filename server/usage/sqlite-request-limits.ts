// The per-student rate limit and in-flight cap on the embedded SQLite file, shared by every process
// that opens it (serve --role web, workers, a second web process). Each acquire is one BEGIN
// IMMEDIATE transaction: SQLite's write lock makes the check and the taking of a slot one step for
// all processes together, as the advisory lock does on PostgreSQL (pg-request-limits.ts has the same
// rules). A slot expires after `slotTtlMs`, so a process that crashed with requests in flight does
// not hold them forever. A slot's row is keyed (user, id) in one b-tree (migration 11), so taking,
// counting and dropping a user's slots all touch the same few pages.
import { RateLimited } from '../core/errors.js';
import type { Clock } from '../clock.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import { DEFAULT_SLOT_TTL_MS, RATE_WINDOW_MS, type RequestLimiter, type RequestLimitSettings, tooManyPerMinute } from './request-limiter.js';
import { rowIds } from './row-ids.js';

export function createSqliteRequestLimits(db: SqliteDatabase, clock: Clock, settings: RequestLimitSettings): RequestLimiter {
  const ttl = settings.slotTtlMs ?? DEFAULT_SLOT_TTL_MS;
  const dropExpiredSlots = db.prepare('DELETE FROM request_slots WHERE user_id = ? AND expires_at <= ?');
  const countSlots = db.prepare<[string, number], number>('SELECT COUNT(*) FROM request_slots WHERE user_id = ? AND expires_at > ?').pluck();
  const dropOldStarts = db.prepare('DELETE FROM request_starts WHERE user_id = ? AND at <= ?');
  const recentStarts = db.prepare<[string], { n: number; first: number | null }>(
    'SELECT COUNT(*) AS n, MIN(at) AS first FROM request_starts WHERE user_id = ?',
  );
  const addStart = db.prepare('INSERT INTO request_starts (user_id, at) VALUES (?, ?)');
  const addSlot = db.prepare('INSERT INTO request_slots (id, user_id, expires_at) VALUES (?, ?, ?)');
  const dropSlot = db.prepare('DELETE FROM request_slots WHERE user_id = ? AND id = ?');
  const slotId = rowIds('slot');

  const take = db.transaction((userId: string): string => {
    const now = clock.now();
    dropExpiredSlots.run(userId, now);
    const running = countSlots.get(userId, now) ?? 0;
    if (running >= settings.maxConcurrentRequests) throw RateLimited.inFlight(running, settings.maxConcurrentRequests);
    if (settings.rateLimitPerMinute > 0) {
      dropOldStarts.run(userId, now - RATE_WINDOW_MS);
      const recent = recentStarts.get(userId);
      if ((recent?.n ?? 0) >= settings.rateLimitPerMinute) throw tooManyPerMinute(settings.rateLimitPerMinute, recent?.first ?? now, now);
      addStart.run(userId, now);
    }
    const slot = slotId();
    addSlot.run(slot, userId, now + ttl);
    return slot;
  });

  return {
    acquire(userId) {
      const slot = take.immediate(userId);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          dropSlot.run(userId, slot);
        },
      };
    },
    inFlight: (userId) => countSlots.get(userId, clock.now()) ?? 0,
  };
}
