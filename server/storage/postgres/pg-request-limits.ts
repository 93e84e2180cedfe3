// Per-student rate limit and in-flight cap shared by every instance (sqlite-request-limits.ts has
// the same rules on the embedded file). One transaction per acquire, under an advisory lock per student: the
// check and the taking of a slot are one step for all instances together. A slot expires after
// `slotTtlMs`, so an instance that crashed with requests in flight does not hold them forever.
import { newId } from '../../accounts/secrets.js';
import { RateLimited } from '../../core/errors.js';
import type { Clock } from '../../clock.js';
import { DEFAULT_SLOT_TTL_MS, RATE_WINDOW_MS, type RequestLimitSettings, tooManyPerMinute } from '../../usage/request-limiter.js';
import type { RequestLimitsPort } from '../../usage/usage-ports.js';
import { type Db, lockKey } from './pg-db.js';

export function createPgRequestLimits(db: Db, clock: Clock, settings: RequestLimitSettings): RequestLimitsPort {
  const ttl = settings.slotTtlMs ?? DEFAULT_SLOT_TTL_MS;
  const countSlots = async (tx: Db, userId: string, now: number) =>
    (await tx.query<{ n: number }>('SELECT COUNT(*) AS n FROM request_slots WHERE user_id = $1 AND expires_at > $2', [userId, now])).rows[0]?.n ?? 0;
  return {
    async acquire(userId) {
      const id = await db.transaction(async (tx) => {
        await lockKey(tx, `limits:${userId}`);
        const now = clock.now();
        await tx.query('DELETE FROM request_slots WHERE user_id = $1 AND expires_at <= $2', [userId, now]);
        const running = await countSlots(tx, userId, now);
        if (running >= settings.maxConcurrentRequests) throw RateLimited.inFlight(running, settings.maxConcurrentRequests);
        if (settings.rateLimitPerMinute > 0) {
          await tx.query('DELETE FROM request_starts WHERE user_id = $1 AND at <= $2', [userId, now - RATE_WINDOW_MS]);
          const { rows } = await tx.query<{ n: number; first: number | null }>(
            'SELECT COUNT(*) AS n, MIN(at) AS first FROM request_starts WHERE user_id = $1',
            [userId],
          );
          const recent = rows[0]?.n ?? 0;
          if (recent >= settings.rateLimitPerMinute) throw tooManyPerMinute(settings.rateLimitPerMinute, rows[0]?.first ?? now, now);
          await tx.query('INSERT INTO request_starts (user_id, at) VALUES ($1, $2)', [userId, now]);
        }
        const slot = newId('slot');
        await tx.query('INSERT INTO request_slots (id, user_id, expires_at) VALUES ($1, $2, $3)', [slot, userId, now + ttl]);
        return slot;
      });
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await db.query('DELETE FROM request_slots WHERE id = $1', [id]);
        },
      };
    },
    inFlight: async (userId) => countSlots(db, userId, clock.now()),
  };
}
