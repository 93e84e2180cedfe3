// The async ports of the usage domain: the budget ledger, the staff usage reports, and the request
// limits (rate per minute, requests in flight). Shared state between instances: on PostgreSQL the
// reservation against a budget, the rate window and the in-flight cap are each checked and taken
// atomically in the database, so N instances enforce one limit. On SQLite the synchronous stores
// (usage-ledger.ts, sqlite-request-limits.ts) do the same under SQLite's write lock, wrapped.
import type { AsyncPort } from '../core/async-port.js';
import type { RequestLimiter } from './request-limiter.js';
import type { UsageLedger } from './usage-ledger.js';
import type { UsageReports } from './usage-reports.js';

export type UsageLedgerPort = AsyncPort<UsageLedger>;
export type UsageReportsPort = AsyncPort<UsageReports>;

/** A slot taken by `acquire`; release it when the request ends (idempotent). */
export type RequestSlot = { release: () => Promise<void> };

/** RequestLimiter, async: `acquire` throws RateLimited when over the rate or the in-flight cap. */
export type RequestLimitsPort = {
  acquire(userId: string): Promise<RequestSlot>;
  inFlight(userId: string): Promise<number>;
};

/** The async limits around a synchronous limiter (SQLite's, the embedded default). */
export function asyncRequestLimits(limiter: RequestLimiter): RequestLimitsPort {
  return {
    acquire: async (userId) => {
      const slot = limiter.acquire(userId);
      return { release: async () => slot.release() };
    },
    inFlight: async (userId) => limiter.inFlight(userId),
  };
}
