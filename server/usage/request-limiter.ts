// Per-student rate limit (requests per minute, sliding window) and cap on requests in flight.
// Both describe this moment in this process, so they live in memory: one JavaScript thread checks
// and takes a slot in the same synchronous step, which makes them atomic without a lock. (The
// budget is durable and lives in SQLite: see usage-ledger.ts.)
import type { Clock } from '../clock.js';
import { RateLimited } from '../core/errors.js';

export type RequestLimiter = {
  /** Takes a slot for one model-using request or throws RateLimited; call `release` when it ends. */
  acquire(userId: string): { release: () => void };
  inFlight(userId: string): number;
};

export function createRequestLimiter(clock: Clock, settings: { rateLimitPerMinute: number; maxConcurrentRequests: number }): RequestLimiter {
  const windows = new Map<string, number[]>();
  const active = new Map<string, number>();
  const windowMs = 60_000;

  return {
    acquire(userId) {
      const now = clock.now();
      const running = active.get(userId) ?? 0;
      if (running >= settings.maxConcurrentRequests) {
        throw RateLimited.inFlight(running, settings.maxConcurrentRequests);
      }
      if (settings.rateLimitPerMinute > 0) {
        const recent = (windows.get(userId) ?? []).filter((at) => at > now - windowMs);
        if (recent.length >= settings.rateLimitPerMinute) {
          const retryAfterSeconds = Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000));
          windows.set(userId, recent);
          throw RateLimited.perMinute(settings.rateLimitPerMinute, retryAfterSeconds);
        }
        recent.push(now);
        windows.set(userId, recent);
      }
      active.set(userId, running + 1);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          const left = (active.get(userId) ?? 1) - 1;
          if (left <= 0) active.delete(userId);
          else active.set(userId, left);
        },
      };
    },
    inFlight: (userId) => active.get(userId) ?? 0,
  };
}
