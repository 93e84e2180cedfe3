// The staff submissions list: filters (task, student, status, date range), sorting and pages are
// done by the server, on real SQLite over real HTTP; the query string is validated like a body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { carelessOracle, carelessProgram } from '../support/careless-oracle.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let now = Date.parse('2026-03-01T10:00:00.000Z');
let ann: Person;
let bob: Person;
let staff: Person;
const ids: Record<string, string> = {};

async function submit(person: Person, program: object, at: string): Promise<string> {
  now = Date.parse(at);
  const response = await request(sandbox.app).post('/api/submissions').set(person.auth).send({ taskId: 'sentiment', program }).expect(202);
  await sandbox.services.queue.idle();
  return response.body.submission.id as string;
}

const list = async (query: string) => (await request(sandbox.app).get(`/api/staff/submissions${query}`).set(staff.auth).expect(200)).body;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-filters', respond: carelessOracle(task, new Set(task.test.slice(0, 8).map((c) => c.inputs.review!))) });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-filters', clock: { now: () => now } });
  // Names chosen so that the student sort differs from the order of creation.
  bob = sandbox.student('Bob Beta');
  ann = sandbox.student('Ann Alpha');
  staff = sandbox.staff();
  ids.annGood = await submit(ann, chatProgram, '2026-03-01T10:00:00.000Z');
  ids.bobCareless = await submit(bob, carelessProgram, '2026-03-02T09:00:00.000Z');
  fake.faults.queue({ kind: 'status', status: 400, message: 'Injected bad request.' }, 1000);
  ids.bobFailed = await submit(bob, { ...chatProgram, instruction: 'Label it.' }, '2026-03-03T23:30:00.000Z');
  fake.faults.clear();
  ids.annCareless = await submit(ann, carelessProgram, '2026-03-04T08:00:00.000Z');
});
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

describe('staff submissions list', () => {
  it('newest first by default, with the students of the page named', async () => {
    const body = await list('');
    expect(body.submissions.map((s: { id: string }) => s.id)).toEqual([ids.annCareless, ids.bobFailed, ids.bobCareless, ids.annGood]);
    expect(body).toMatchObject({ total: 4, page: 1, pageSize: 50 });
    expect(body.students[ann.user.id]).toEqual({ id: ann.user.id, name: 'Ann Alpha', email: ann.user.email, section: 'A' });
    expect(Object.keys(body.students).sort()).toEqual([ann.user.id, bob.user.id].sort());
  });

  it('filters by student, status, task and date range (a bare day is the whole UTC day)', async () => {
    expect((await list(`?userId=${ann.user.id}`)).submissions.map((s: { id: string }) => s.id)).toEqual([ids.annCareless, ids.annGood]);
    const failed = await list('?status=failed');
    expect(failed.total).toBe(1);
    expect(failed.submissions[0]).toMatchObject({ id: ids.bobFailed, status: 'failed', failureKind: 'infrastructure' });
    expect(failed.submissions[0].failureReason).toMatch(/Injected bad request|every hidden case errored|400/);
    expect((await list('?status=graded&taskId=sentiment')).total).toBe(3);
    expect((await list('?taskId=arithmetic')).total).toBe(0);
    const range = await list('?from=2026-03-02&to=2026-03-03');
    expect(range.submissions.map((s: { id: string }) => s.id)).toEqual([ids.bobFailed, ids.bobCareless]);
    expect((await list('?from=2026-03-03T23:31:00Z')).submissions.map((s: { id: string }) => s.id)).toEqual([ids.annCareless]);
    expect((await list(`?userId=${bob.user.id}&status=graded&to=2026-03-02`)).submissions.map((s: { id: string }) => s.id)).toEqual([ids.bobCareless]);
  });

  it('sorts by points (missing points last either way), student, status and date', async () => {
    const byPoints = (await list('?sort=points&order=desc')).submissions as { id: string; points: number | null }[];
    expect(byPoints[0]!.id).toBe(ids.annGood);
    expect(byPoints[0]!.points).toBe(10);
    expect(byPoints.at(-1)!.id).toBe(ids.bobFailed);
    const ascending = (await list('?sort=points&order=asc')).submissions as { id: string; points: number | null }[];
    expect(ascending.at(-1)!.id).toBe(ids.bobFailed);
    expect(ascending.at(-2)!.id).toBe(ids.annGood);
    expect(ascending[0]!.points).toBeLessThan(10);
    const byStudent = (await list('?sort=student&order=asc')).submissions.map((s: { userId: string }) => s.userId);
    expect(byStudent).toEqual([ann.user.id, ann.user.id, bob.user.id, bob.user.id]);
    expect((await list('?sort=status&order=asc')).submissions[0].status).toBe('failed');
    expect((await list('?sort=createdAt&order=asc')).submissions[0].id).toBe(ids.annGood);
  });

  it('pages on the server', async () => {
    const first = await list('?pageSize=3&page=1');
    const second = await list('?pageSize=3&page=2');
    expect(first.submissions).toHaveLength(3);
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(second.submissions.map((s: { id: string }) => s.id)).toEqual([ids.annGood]);
    expect((await list('?pageSize=3&page=3')).submissions).toEqual([]);
  });

  it('refuses a query it does not understand, naming the field', async () => {
    for (const query of [
      '?status=done',
      '?sort=email',
      '?pageSize=1000',
      '?page=0',
      '?from=yesterday',
      '?late=true&x=1',
      `?userId=${encodeURIComponent("u_1' OR 1=1")}`,
    ]) {
      const response = await request(sandbox.app).get(`/api/staff/submissions${query}`).set(staff.auth);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('bad_request');
    }
    await request(sandbox.app).get('/api/staff/submissions?status=graded').set(ann.auth).expect(403);
  });
});
