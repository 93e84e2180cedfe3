// A process's heartbeat on the SQLite file: its row is written at once and renewed, the sweep runs
// after each timed beat, `stop` removes the row, and a beat that fails is logged, not thrown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toAsyncPort } from '../../server/core/async-port.js';
import { startHeartbeat } from '../../server/storage/instance-heartbeat.js';
import { createInstanceRegistry } from '../../server/storage/instance-registry.js';
import { openDatabase, type SqliteDatabase } from '../../server/storage/open-database.js';
import { waitFor } from '../support/wait-for.js';

const dirs: string[] = [];
const dbs: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function freshDb(): SqliteDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heartbeat-'));
  dirs.push(dir);
  const db = openDatabase(path.join(dir, 'sandbox.db'));
  dbs.push(db);
  return db;
}

describe('instance heartbeat', () => {
  it('writes the row at once, renews it, sweeps after each beat, and removes it on stop', async () => {
    const db = freshDb();
    const registry = createInstanceRegistry(db);
    const swept: number[] = [];
    const logs: string[] = [];
    const beat = await startHeartbeat({
      registry: toAsyncPort(registry),
      instance: { id: 'p1', role: 'web' },
      now: () => Date.now(),
      ttlMs: 60,
      log: (l) => logs.push(l),
      sweep: async (now) => void swept.push(now),
    });
    expect(registry.live(Date.now())).toEqual(['p1']);
    const first = db.prepare('SELECT expires_at FROM server_instances').pluck().get() as number;
    await waitFor(() => swept.length >= 2, 'two sweeps');
    expect(db.prepare('SELECT expires_at FROM server_instances').pluck().get() as number).toBeGreaterThan(first);
    await beat.stop();
    await beat.stop();
    expect(registry.live(Date.now())).toEqual([]);
    const after = swept.length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(swept.length).toBe(after);
    expect(logs).toEqual([]);
  });

  it('logs a failed beat and keeps going; a stop after the database closed does not throw', async () => {
    const db = freshDb();
    const registry = createInstanceRegistry(db);
    const logs: string[] = [];
    let failing = true;
    const beat = await startHeartbeat({
      registry: toAsyncPort(registry),
      instance: { id: 'p2', role: 'worker' },
      now: () => Date.now(),
      ttlMs: 30,
      log: (l) => logs.push(l),
      sweep: async () => {
        if (failing) throw new Error('disk full');
      },
    });
    await waitFor(() => logs.length > 0, 'a logged failure');
    expect(logs[0]).toMatch(/heartbeat or sweep failed .*disk full/);
    failing = false;
    db.close();
    await expect(beat.stop()).resolves.toBeUndefined();
  });
});
