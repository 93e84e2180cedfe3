// Which server processes are alive on this database. Each process (serve, worker, both) writes
// its row and renews its expiry on a timer, a heartbeat; what a process owns (budget reservations,
// running analysis jobs) names its row. A process starting releases what belongs to processes whose
// expiry has passed (or that never had a row), and nothing of a process still beating, so starting
// a second web process never clears the first's reservations. Times are ms since the epoch, in real
// time (liveness is not the course's clock).
import type { SqliteDatabase } from './open-database.js';

export type InstanceRole = 'all' | 'web' | 'worker';

export type InstanceRegistry = {
  /** Writes the process's row, or renews it: alive until `now + ttlMs`. */
  beat(instance: { id: string; role: InstanceRole }, now: number, ttlMs: number): void;
  /** The process stops: its row goes (what it still owns is released by the next start). */
  leave(id: string): void;
  /** The ids alive at `now`. */
  live(now: number): string[];
};

export function createInstanceRegistry(db: SqliteDatabase): InstanceRegistry {
  const upsert = db.prepare(`
    INSERT INTO server_instances (id, role, started_at, expires_at) VALUES (@id, @role, @startedAt, @expiresAt)
    ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at`);
  const remove = db.prepare('DELETE FROM server_instances WHERE id = ?');
  const alive = db.prepare<[number], string>('SELECT id FROM server_instances WHERE expires_at > ? ORDER BY id').pluck();
  const forgetDead = db.prepare('DELETE FROM server_instances WHERE expires_at <= ?');
  return {
    beat(instance, now, ttlMs) {
      upsert.run({ id: instance.id, role: instance.role, startedAt: new Date(now).toISOString(), expiresAt: now + ttlMs });
      // Rows of long-dead processes are of no use once a beat is written; they would only pile up.
      forgetDead.run(now - 24 * 3_600_000);
    },
    leave: (id) => void remove.run(id),
    live: (now) => alive.all(now),
  };
}
