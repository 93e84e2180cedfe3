// Autosaved playground programs, one per student and task, stored as sent (they may be incomplete).
import type { Clock } from '../clock.js';
import type { SqliteDatabase } from '../storage/open-database.js';

export type Draft = { program: Record<string, unknown>; updatedAt: string };

export type DraftsStore = {
  get(userId: string, taskId: string): Draft | null;
  put(userId: string, taskId: string, program: Record<string, unknown>): Draft;
  /** A person's drafts without their programs (the staff page per student). */
  listOf(userId: string): { taskId: string; updatedAt: string }[];
};

export function createDraftsStore(db: SqliteDatabase, clock: Clock): DraftsStore {
  const select = db.prepare<[string, string], { program: string; updated_at: string }>(
    'SELECT program, updated_at FROM drafts WHERE user_id = ? AND task_id = ?',
  );
  const upsert = db.prepare(`
    INSERT INTO drafts (user_id, task_id, program, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (user_id, task_id) DO UPDATE SET program = excluded.program, updated_at = excluded.updated_at`);
  const ofUser = db.prepare<[string], { task_id: string; updated_at: string }>(
    'SELECT task_id, updated_at FROM drafts WHERE user_id = ? ORDER BY updated_at DESC',
  );
  return {
    listOf: (userId) => ofUser.all(userId).map((row) => ({ taskId: row.task_id, updatedAt: row.updated_at })),
    get(userId, taskId) {
      const row = select.get(userId, taskId);
      return row ? { program: JSON.parse(row.program) as Record<string, unknown>, updatedAt: row.updated_at } : null;
    },
    put(userId, taskId, program) {
      const updatedAt = new Date(clock.now()).toISOString();
      upsert.run(userId, taskId, JSON.stringify(program), updatedAt);
      return { program, updatedAt };
    },
  };
}
