// Which server processes are alive on the PostgreSQL database (instance-registry.ts on SQLite has
// the rules): each beats its row; reservations and running analysis jobs name it as their owner.
import type { AsyncPort } from '../../core/async-port.js';
import type { InstanceRegistry } from '../instance-registry.js';
import type { Db } from './pg-db.js';

export function createPgInstances(db: Db): AsyncPort<InstanceRegistry> {
  return {
    async beat(instance, now, ttlMs) {
      await db.query(
        `INSERT INTO server_instances (id, role, started_at, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at`,
        [instance.id, instance.role, new Date(now).toISOString(), now + ttlMs],
      );
      await db.query('DELETE FROM server_instances WHERE expires_at <= $1', [now - 24 * 3_600_000]);
    },
    async leave(id) {
      await db.query('DELETE FROM server_instances WHERE id = $1', [id]);
    },
    live: async (now) => (await db.query<{ id: string }>('SELECT id FROM server_instances WHERE expires_at > $1 ORDER BY id', [now])).rows.map((r) => r.id),
  };
}
