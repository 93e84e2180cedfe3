// Leases on submissions on PostgreSQL: the claim, the heartbeat and the take-back of expired leases,
// with the rules of the SQLite leases (server/submissions/grading-leases.ts, which says why), for
// workers in many processes. SQLite serializes a claim with its write lock; here one transaction
// takes back the expired leases (their rows locked in id order, so two claimers wait on each other
// instead of deadlocking, and the second finds them already taken back), then claims the next
// queued row with FOR UPDATE SKIP LOCKED: two workers never take the same submission and never
// wait on each other's claim. Every write is guarded by the lease, as on SQLite. The columns are
// those of migration 8 (lease_owner, lease_expires_at in ms, progress_*, dead_letter_*); where SQLite
// breaks ties on rowid, PostgreSQL uses `seq`.
import { newId } from '../../accounts/secrets.js';
import type { Clock } from '../../clock.js';
import { INFRASTRUCTURE_MESSAGE } from '../../submissions/grading-failure.js';
import { type LeaseStateRow, leaseStateOf } from '../../submissions/grading-leases.js';
import type { GradingLeasesPort } from '../../submissions/submission-ports.js';
import type { Db } from './pg-db.js';

const INTERRUPTED = 'every attempt was interrupted (its worker stopped or crashed; the lease expired)';

export function createPgGradingLeases(db: Db, clock: Clock, owner: string = newId('worker')): GradingLeasesPort {
  const iso = () => new Date(clock.now()).toISOString();
  return {
    claimNext: (settings) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const expired = (
          await tx.query<{ id: string }>(
            `SELECT id FROM submissions WHERE status = 'grading' AND lease_expires_at IS NOT NULL AND lease_expires_at <= $1 ORDER BY id FOR UPDATE`,
            [now],
          )
        ).rows.map((row) => row.id);
        let failed: string[] = [];
        let reclaimed = 0;
        if (expired.length > 0) {
          // Out of attempts: failed (infrastructure) and dead-lettered, in one UPDATE (SQLite's giveUp, then markDead).
          failed = (
            await tx.query<{ id: string }>(
              `UPDATE submissions SET status = 'failed', lease = NULL, lease_owner = NULL, lease_expires_at = NULL, error = $3, failure_kind = 'infrastructure',
                 failure_reason = 'grading was interrupted ' || attempts || ' times (its worker stopped or crashed while grading it and the lease expired); not retried again',
                 graded_at = $4, dead_lettered_at = $4, dead_letter_reason = $5
               WHERE id = ANY($1::text[]) AND status = 'grading' AND attempts >= $2 RETURNING id`,
              [expired, settings.maxAttempts, INFRASTRUCTURE_MESSAGE, iso(), INTERRUPTED],
            )
          ).rows.map((row) => row.id);
          // With attempts left: back to the queue (the attempt stays counted: a crash uses one).
          reclaimed = (
            await tx.query(
              "UPDATE submissions SET status = 'queued', lease = NULL, lease_owner = NULL, lease_expires_at = NULL WHERE id = ANY($1::text[]) AND status = 'grading'",
              [expired],
            )
          ).rowCount;
        }
        const lease = newId('lease');
        // The order of submission-store.ts: students' before re-grades, fewest attempts, oldest.
        const { rows } = await tx.query<{ id: string }>(
          `UPDATE submissions SET status = 'grading', lease = $1, lease_owner = $2, lease_expires_at = $3, attempts = attempts + 1, started_at = $4,
             progress_done = NULL, progress_total = NULL, progress_errored = NULL
           WHERE id = (SELECT id FROM submissions WHERE status = 'queued' ORDER BY regraded_at IS NOT NULL, attempts, created_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED)
             AND status = 'queued'
           RETURNING id`,
          [lease, owner, now + settings.leaseMs, iso()],
        );
        return { claimed: rows[0] ? { id: rows[0].id, lease } : null, reclaimed, failed };
      }),
    async claimById(id, leaseMs) {
      const lease = newId('lease');
      const { rows } = await db.query<{ id: string }>(
        `UPDATE submissions SET status = 'grading', lease = $2, lease_owner = $3, lease_expires_at = $4, attempts = attempts + 1, started_at = $5,
           progress_done = NULL, progress_total = NULL, progress_errored = NULL
         WHERE id = $1 AND status IN ('queued', 'grading')
         RETURNING id`,
        [id, lease, owner, clock.now() + leaseMs, iso()],
      );
      return rows[0] ? { id: rows[0].id, lease } : null;
    },
    heartbeat: async (id, lease, leaseMs) =>
      (await db.query("UPDATE submissions SET lease_expires_at = $3 WHERE id = $1 AND status = 'grading' AND lease = $2", [id, lease, clock.now() + leaseMs]))
        .rowCount === 1,
    async setProgress(id, lease, progress) {
      await db.query(
        "UPDATE submissions SET progress_done = $3, progress_total = $4, progress_errored = $5 WHERE id = $1 AND status = 'grading' AND lease = $2",
        [id, lease, progress.done, progress.total, progress.errored],
      );
    },
    deadLetter: (id, reason) =>
      db.transaction(async (tx) => {
        const at = iso();
        await tx.query(
          `UPDATE submissions SET status = 'failed', lease = NULL, lease_owner = NULL, lease_expires_at = NULL, error = $3, failure_kind = 'infrastructure',
             failure_reason = $2, graded_at = $4
           WHERE id = $1 AND status IN ('queued', 'grading')`,
          [id, reason, INFRASTRUCTURE_MESSAGE, at],
        );
        await tx.query(
          "UPDATE submissions SET dead_lettered_at = $3, dead_letter_reason = $2 WHERE id = $1 AND status = 'failed' AND failure_kind = 'infrastructure'",
          [id, reason, at],
        );
      }),
    queuedIds: async (limit) =>
      (await db.query<{ id: string }>("SELECT id FROM submissions WHERE status = 'queued' ORDER BY created_at, seq LIMIT $1", [limit])).rows.map(
        (row) => row.id,
      ),
    async states(ids) {
      if (ids.length === 0) return [];
      const { rows } = await db.query<LeaseStateRow>(
        'SELECT id, status, progress_done, progress_total, progress_errored FROM submissions WHERE id = ANY($1::text[])',
        [[...ids]],
      );
      return rows.map(leaseStateOf);
    },
    async deadLetters(ids) {
      if (ids.length === 0) return new Map();
      const { rows } = await db.query<{ id: string; dead_lettered_at: string; dead_letter_reason: string | null }>(
        'SELECT id, dead_lettered_at, dead_letter_reason FROM submissions WHERE id = ANY($1::text[]) AND dead_lettered_at IS NOT NULL',
        [[...ids]],
      );
      return new Map(rows.map((row) => [row.id, { at: row.dead_lettered_at, reason: row.dead_letter_reason ?? 'dead-lettered' }]));
    },
  };
}
