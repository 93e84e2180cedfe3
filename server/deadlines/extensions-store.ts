// Per-student extensions in SQLite, with an append-only audit of every grant and revoke (who, when).
import type { Clock } from '../clock.js';
import type { SqliteDatabase } from '../storage/open-database.js';

export type Extension = {
  userId: string;
  taskId: string;
  due: string;
  cutoff: string | null;
  note: string | null;
  grantedBy: string;
  grantedAt: string;
};

export type ExtensionAuditEntry = {
  id: number;
  userId: string;
  taskId: string;
  action: 'grant' | 'revoke';
  due: string | null;
  cutoff: string | null;
  note: string | null;
  /** Who: a staff member's email (browser) or "cli:<os user>" (the sandbox command). */
  actor: string;
  at: string;
};

export type ExtensionsStore = {
  get(userId: string, taskId: string): Extension | null;
  list(filter?: { userId?: string; taskId?: string }): Extension[];
  /** Grants or replaces the student's extension on the task; audited in the same transaction. */
  grant(grant: { userId: string; taskId: string; due: string; cutoff: string | null; note: string | null }, actor: string): Extension;
  /** Removes it; false when there was none (nothing audited then). */
  revoke(userId: string, taskId: string, actor: string): boolean;
  audit(filter?: { userId?: string; taskId?: string }): ExtensionAuditEntry[];
};

type Row = { user_id: string; task_id: string; due: string; cutoff: string | null; note: string | null; granted_by: string; granted_at: string };
type AuditRow = {
  id: number;
  user_id: string;
  task_id: string;
  action: 'grant' | 'revoke';
  due: string | null;
  cutoff: string | null;
  note: string | null;
  actor: string;
  at: string;
};

const toExtension = (row: Row): Extension => ({
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
  if (filter.userId) parts.push('user_id = ?'), values.push(filter.userId);
  if (filter.taskId) parts.push('task_id = ?'), values.push(filter.taskId);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', values };
}

export function createExtensionsStore(db: SqliteDatabase, clock: Clock): ExtensionsStore {
  const iso = () => new Date(clock.now()).toISOString();
  const one = db.prepare<[string, string], Row>('SELECT * FROM extensions WHERE user_id = ? AND task_id = ?');
  const upsert = db.prepare(`
    INSERT INTO extensions (user_id, task_id, due, cutoff, note, granted_by, granted_at) VALUES (@userId, @taskId, @due, @cutoff, @note, @actor, @at)
    ON CONFLICT (user_id, task_id) DO UPDATE SET due = excluded.due, cutoff = excluded.cutoff, note = excluded.note, granted_by = excluded.granted_by, granted_at = excluded.granted_at`);
  const remove = db.prepare('DELETE FROM extensions WHERE user_id = ? AND task_id = ?');
  const record = db.prepare(`
    INSERT INTO extension_audit (user_id, task_id, action, due, cutoff, note, actor, at) VALUES (@userId, @taskId, @action, @due, @cutoff, @note, @actor, @at)`);

  const grant = db.transaction((g: { userId: string; taskId: string; due: string; cutoff: string | null; note: string | null }, actor: string) => {
    const at = iso();
    upsert.run({ ...g, actor, at });
    record.run({ ...g, action: 'grant', actor, at });
    return toExtension(one.get(g.userId, g.taskId)!);
  });
  const revoke = db.transaction((userId: string, taskId: string, actor: string) => {
    if (remove.run(userId, taskId).changes === 0) return false;
    record.run({ userId, taskId, action: 'revoke', due: null, cutoff: null, note: null, actor, at: iso() });
    return true;
  });

  return {
    get: (userId, taskId) => {
      const row = one.get(userId, taskId);
      return row ? toExtension(row) : null;
    },
    list(filter = {}) {
      const w = where(filter);
      return (db.prepare(`SELECT * FROM extensions ${w.sql} ORDER BY task_id, user_id`).all(...w.values) as Row[]).map(toExtension);
    },
    grant: (g, actor) => grant.immediate(g, actor),
    revoke: (userId, taskId, actor) => revoke.immediate(userId, taskId, actor),
    audit(filter = {}) {
      const w = where(filter);
      return (db.prepare(`SELECT * FROM extension_audit ${w.sql} ORDER BY id`).all(...w.values) as AuditRow[]).map((row) => ({
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
