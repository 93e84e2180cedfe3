// The small stores on PostgreSQL, each the SQLite one's statements in PostgreSQL's spelling:
// playground drafts (drafts-store.ts), the shared response cache (storage/response-cache.ts) and
// per-student extensions with their append-only audit (deadlines/extensions-store.ts).
import type { Clock } from '../../clock.js';
import type { ExtensionsStorePort } from '../../deadlines/extensions-ports.js';
import type { Extension, ExtensionAuditEntry } from '../../deadlines/extensions-store.js';
import type { DraftsStorePort } from '../../drafts/drafts-ports.js';
import type { ResponseCachePort } from '../response-cache-port.js';
import type { Db } from './pg-db.js';

export function createPgDraftsStore(db: Db, clock: Clock): DraftsStorePort {
  return {
    async listOf(userId) {
      const { rows } = await db.query<{ task_id: string; updated_at: string }>(
        'SELECT task_id, updated_at FROM drafts WHERE user_id = $1 ORDER BY updated_at DESC',
        [userId],
      );
      return rows.map((row) => ({ taskId: row.task_id, updatedAt: row.updated_at }));
    },
    async get(userId, taskId) {
      const row = (
        await db.query<{ program: string; updated_at: string }>('SELECT program, updated_at FROM drafts WHERE user_id = $1 AND task_id = $2', [userId, taskId])
      ).rows[0];
      return row ? { program: JSON.parse(row.program) as Record<string, unknown>, updatedAt: row.updated_at } : null;
    },
    async put(userId, taskId, program) {
      const updatedAt = new Date(clock.now()).toISOString();
      await db.query(
        `INSERT INTO drafts (user_id, task_id, program, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, task_id) DO UPDATE SET program = excluded.program, updated_at = excluded.updated_at`,
        [userId, taskId, JSON.stringify(program), updatedAt],
      );
      return { program, updatedAt };
    },
  };
}

export function createPgResponseCache(db: Db): ResponseCachePort {
  return {
    async get(key) {
      const row = (await db.query<{ value: string }>('SELECT value FROM response_cache WHERE key = $1', [key])).rows[0];
      return row === undefined ? undefined : JSON.parse(row.value);
    },
    async set(key, value) {
      await db.query(
        'INSERT INTO response_cache (key, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at',
        [key, JSON.stringify(value), new Date().toISOString()],
      );
    },
  };
}

type ExtensionRow = { user_id: string; task_id: string; due: string; cutoff: string | null; note: string | null; granted_by: string; granted_at: string };
type AuditRow = Omit<ExtensionAuditEntry, 'userId' | 'taskId'> & { user_id: string; task_id: string };

const toExtension = (row: ExtensionRow): Extension => ({
  userId: row.user_id,
  taskId: row.task_id,
  due: row.due,
  cutoff: row.cutoff,
  note: row.note,
  grantedBy: row.granted_by,
  grantedAt: row.granted_at,
});

function where(filter: { userId?: string; taskId?: string }): { sql: string; values: string[] } {
  const parts: string[] = [];
  const values: string[] = [];
  if (filter.userId) values.push(filter.userId), parts.push(`user_id = $${values.length}`);
  if (filter.taskId) values.push(filter.taskId), parts.push(`task_id = $${values.length}`);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', values };
}

const auditInsert = 'INSERT INTO extension_audit (user_id, task_id, action, due, cutoff, note, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)';

export function createPgExtensionsStore(db: Db, clock: Clock): ExtensionsStorePort {
  const iso = () => new Date(clock.now()).toISOString();
  return {
    async get(userId, taskId) {
      const row = (await db.query<ExtensionRow>('SELECT * FROM extensions WHERE user_id = $1 AND task_id = $2', [userId, taskId])).rows[0];
      return row ? toExtension(row) : null;
    },
    async list(filter = {}) {
      const w = where(filter);
      return (await db.query<ExtensionRow>(`SELECT * FROM extensions ${w.sql} ORDER BY task_id COLLATE "C", user_id COLLATE "C"`, w.values)).rows.map(
        toExtension,
      );
    },
    grant: (g, actor) =>
      db.transaction(async (tx) => {
        const at = iso();
        const { rows } = await tx.query<ExtensionRow>(
          `INSERT INTO extensions (user_id, task_id, due, cutoff, note, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (user_id, task_id) DO UPDATE SET due = excluded.due, cutoff = excluded.cutoff, note = excluded.note,
             granted_by = excluded.granted_by, granted_at = excluded.granted_at
           RETURNING *`,
          [g.userId, g.taskId, g.due, g.cutoff, g.note, actor, at],
        );
        await tx.query(auditInsert, [g.userId, g.taskId, 'grant', g.due, g.cutoff, g.note, actor, at]);
        return toExtension(rows[0]!);
      }),
    revoke: (userId, taskId, actor) =>
      db.transaction(async (tx) => {
        if ((await tx.query('DELETE FROM extensions WHERE user_id = $1 AND task_id = $2', [userId, taskId])).rowCount === 0) return false;
        await tx.query(auditInsert, [userId, taskId, 'revoke', null, null, null, actor, iso()]);
        return true;
      }),
    async audit(filter = {}) {
      const w = where(filter);
      return (await db.query<AuditRow>(`SELECT * FROM extension_audit ${w.sql} ORDER BY id`, w.values)).rows.map((row) => ({
        id: row.id,
        userId: row.user_id,
        taskId: row.task_id,
        action: row.action,
        due: row.due,
        cutoff: row.cutoff,
        note: row.note,
        actor: row.actor,
        at: row.at,
      }));
    },
  };
}
