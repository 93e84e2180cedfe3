// The first vertical on PostgreSQL: the drafts routes (a student's autosave, the staff page per
// student) served by the PostgreSQL drafts store while the rest of the app is still on SQLite.
// The people are mirrored into PostgreSQL with the same ids (drafts reference users there too).
// The same requests then read the same answers as on SQLite, and the rows are in PostgreSQL.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../../server/storage/open-stores.js';
import { createPool, poolDb } from '../../server/storage/postgres/pg-db.js';
import type { Stores } from '../../server/storage/stores.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { type PostgresCluster, startPostgresCluster } from '../../testkit/postgres-cluster.js';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';
import { defaultQuotas } from '../storage/store-contract.js';

let cluster: PostgresCluster;
let fake: FakeOpenAIServer;
let stores: Stores;
let sandbox: TestSandbox;
const clock = { now: () => Date.parse('2026-03-02T10:00:00.000Z') };

beforeAll(async () => {
  cluster = await startPostgresCluster();
  fake = await startFakeOpenAIServer({ apiKey: 'k-drafts' });
  stores = await openStores(cluster.url, { clock, quotas: defaultQuotas, sessionDays: 14 });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-drafts', clock, startQueue: false, drafts: stores.drafts });
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
  await stores?.close();
  await fake?.close();
  await cluster?.stop();
});

describe('drafts on PostgreSQL through the HTTP routes', () => {
  it('saves, reads back and lists a draft; the row is in PostgreSQL, not in SQLite', async () => {
    const ada = sandbox.student('Ada');
    const staff = sandbox.staff();
    const pool = createPool(cluster.url, { max: 1 });
    const pg = poolDb(pool);
    try {
      for (const person of [ada, staff]) {
        await pg.query('INSERT INTO users (id, email, name, role, created_at) VALUES ($1, $2, $3, $4, $5)', [
          person.user.id,
          person.user.email,
          person.user.name,
          person.user.role,
          new Date(clock.now()).toISOString(),
        ]);
      }
      const program = { kind: 'text', instruction: 'Is this review positive or negative?' };
      const put = await request(sandbox.app).put('/api/drafts/sentiment').set(ada.auth).send({ program });
      expect(put.status).toBe(200);
      expect(put.body.draft).toEqual({ program, updatedAt: '2026-03-02T10:00:00.000Z' });
      const get = await request(sandbox.app).get('/api/drafts/sentiment').set(ada.auth);
      expect(get.body.draft.program).toEqual(program);
      expect((await request(sandbox.app).get('/api/drafts/sentiment').set(staff.auth)).body.draft).toBeNull();
      const page = await request(sandbox.app).get(`/api/staff/students/${ada.user.id}`).set(staff.auth);
      expect(page.status).toBe(200);
      expect(page.body.drafts).toEqual([{ taskId: 'sentiment', updatedAt: '2026-03-02T10:00:00.000Z' }]);

      const { rows } = await pg.query<{ user_id: string; program: string }>('SELECT user_id, program FROM drafts');
      expect(rows).toEqual([{ user_id: ada.user.id, program: JSON.stringify(program) }]);
      expect(sandbox.db.prepare('SELECT COUNT(*) FROM drafts').pluck().get()).toBe(0);
      // An unknown task is still refused before the store is touched.
      expect((await request(sandbox.app).put('/api/drafts/no-such-task').set(ada.auth).send({ program })).status).toBe(404);
    } finally {
      await pool.end();
    }
  });
});
