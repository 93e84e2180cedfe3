// Migration 11 rebuilds the per-request tables (request slots, budget reservations) as one b-tree
// each: rows a process holds while the migration runs (another process still serving, a crash's
// leftovers) must survive it, the limits and the ledger must keep working on the new tables, and
// the ids the stores draw for these rows must never repeat, within a store or across stores.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../server/storage/migrations.js';
import { openDatabase } from '../../server/storage/open-database.js';
import { createSqliteRequestLimits } from '../../server/usage/sqlite-request-limits.js';
import { rowIds } from '../../server/usage/row-ids.js';
import { createUsageLedger } from '../../server/usage/usage-ledger.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A database file at migration 9 (before the tables were clustered), with a slot and a reservation held. */
function fileAtMigration9(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clustered-'));
  dirs.push(dir);
  const file = path.join(dir, 'sandbox.db');
  const db = new Database(file);
  db.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const migration of migrations.filter((m) => m.id <= 9)) {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(migration.id, migration.name, 'then');
  }
  db.prepare("INSERT INTO users (id, email, name, role, created_at) VALUES ('u1', 'a@example.edu', 'A', 'student', 'then')").run();
  db.prepare("INSERT INTO usage_counters (user_id, scope, tokens_reserved, requests_reserved) VALUES ('u1', 's', 100, 1)").run();
  db.prepare("INSERT INTO request_slots (id, user_id, expires_at) VALUES ('slot_old', 'u1', ?)").run(Date.now() + 60_000);
  db.prepare("INSERT INTO usage_reservations (id, owner, user_id, scope, tokens) VALUES ('rsv_old', 'other', 'u1', 's', 100)").run();
  db.close();
  return file;
}

describe('request slots and reservations after migration 11', () => {
  it('keeps the rows held before it, in tables without a rowid or extra indexes', () => {
    const db = openDatabase(fileAtMigration9());
    try {
      expect(db.prepare('SELECT id, user_id FROM request_slots').all()).toEqual([{ id: 'slot_old', user_id: 'u1' }]);
      expect(db.prepare('SELECT id, owner, tokens FROM usage_reservations').all()).toEqual([{ id: 'rsv_old', owner: 'other', tokens: 100 }]);
      const sql = db
        .prepare<[], { name: string; sql: string }>(
          "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ('request_slots', 'usage_reservations')",
        )
        .all();
      expect(sql.map((row) => [row.name, /WITHOUT ROWID/.test(row.sql)]).sort()).toEqual([
        ['request_slots', true],
        ['usage_reservations', true],
      ]);
      const indexes = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('request_slots', 'usage_reservations') AND sql IS NOT NULL")
        .pluck()
        .all();
      expect(indexes).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('counts the old slot against the cap, releases new ones, and settles a reservation on the new tables', () => {
    const db = openDatabase(fileAtMigration9());
    try {
      const clock = { now: () => Date.now() };
      const limits = createSqliteRequestLimits(db, clock, { rateLimitPerMinute: 0, maxConcurrentRequests: 2 });
      const slot = limits.acquire('u1');
      expect(limits.inFlight('u1')).toBe(2);
      expect(() => limits.acquire('u1')).toThrow(/at most 2/);
      slot.release();
      expect(limits.inFlight('u1')).toBe(1);

      const ledger = createUsageLedger(db, clock, { tokenBudget: 1000, requestBudget: 10 }, { owner: 'me' });
      const call = { userId: 'u1', scope: 's', source: 'test', model: 'm', mode: 'enforce' as const };
      const reservation = ledger.reserve(call, 50);
      expect(ledger.usage('u1', 's')).toMatchObject({ tokensUsed: 150, requestsUsed: 2 });
      ledger.settle(reservation, { ok: true, reached: true, usage: { promptTokens: 5, completionTokens: 5 }, latencyMs: 1, costUsd: 0 });
      expect(ledger.usage('u1', 's')).toMatchObject({ tokensUsed: 110, requestsUsed: 2 });
      // The reservation of a process that is gone (no heartbeat row) is found without the owner index.
      expect(ledger.releaseAbandonedReservations(Date.now())).toBe(1);
      expect(ledger.usage('u1', 's')).toMatchObject({ tokensUsed: 10, requestsUsed: 1 });
    } finally {
      db.close();
    }
  });
});

describe('row ids', () => {
  it('never repeats within a source or across sources', () => {
    const sources = [rowIds('slot'), rowIds('slot'), rowIds('slot')];
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) for (const next of sources) seen.add(next());
    expect(seen.size).toBe(15_000);
    expect([...seen][0]).toMatch(/^slot_[A-Za-z0-9_-]{12}0$/);
  });
});
