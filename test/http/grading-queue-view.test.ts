// The grading queue as staff see it: queued submissions in the order the workers take them, with
// how long each has waited; the one being graded with its wait and run time; the latest failures
// with their cause. Times come from the injected clock, not the wall clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
let now = T0;
let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let ann: Person;
let bob: Person;
let staff: Person;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-queue', respond: sentimentOracle(loadFixtureTask('sentiment'), new Set()) });
  // The queue is not started: submissions stay where the test puts them.
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-queue', clock: { now: () => now }, startQueue: false });
  ann = sandbox.student('Ann Alpha');
  bob = sandbox.student('Bob Beta');
  staff = sandbox.staff();
});
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

async function submit(person: Person, at: number, instruction: string): Promise<string> {
  now = at;
  return (
    await request(sandbox.app)
      .post('/api/submissions')
      .set(person.auth)
      .send({ taskId: 'sentiment', program: { ...chatProgram, instruction } })
      .expect(202)
  ).body.submission.id;
}

describe('grading queue view', () => {
  it('shows queued, grading and failed submissions with their waits and causes', async () => {
    const first = await submit(ann, T0, 'First.');
    const second = await submit(bob, T0 + 1_000, 'Second.');
    const third = await submit(ann, T0 + 2_000, 'Third.');
    // A worker takes the oldest at T0 + 5 s (grading), and another one fails for good.
    now = T0 + 5_000;
    const claimed = (await sandbox.services.submissions.claimNext())!;
    expect(claimed.id).toBe(first);
    now = T0 + 6_000;
    const failing = (await sandbox.services.submissions.claimNext())!;
    expect(failing.id).toBe(second);
    await sandbox.services.submissions.fail(failing.id, failing.lease!, {
      kind: 'infrastructure',
      reason: 'every hidden case errored, e.g. 503 upstream down',
      message: 'the model could not be reached',
    });

    now = T0 + 9_000;
    const response = await request(sandbox.app).get('/api/staff/queue').set(staff.auth).expect(200);
    const body = response.body;
    expect(body.now).toBe(new Date(T0 + 9_000).toISOString());
    expect(body.queued).toEqual([
      expect.objectContaining({
        id: third,
        status: 'queued',
        waitedMs: 7_000,
        runningMs: null,
        startedAt: null,
        student: expect.objectContaining({ name: 'Ann Alpha' }),
      }),
    ]);
    expect(body.grading).toEqual([
      expect.objectContaining({ id: first, status: 'grading', attempts: 1, waitedMs: 5_000, runningMs: 4_000, startedAt: new Date(T0 + 5_000).toISOString() }),
    ]);
    expect(body.failed).toEqual([
      expect.objectContaining({
        id: second,
        status: 'failed',
        failureKind: 'infrastructure',
        failureReason: 'every hidden case errored, e.g. 503 upstream down',
        error: 'the model could not be reached',
        student: expect.objectContaining({ name: 'Bob Beta', email: bob.user.email }),
      }),
    ]);
    expect(body.failedTotal).toBe(1);

    // Students cannot read the queue (other people's names, staff-only reasons).
    const denied = await request(sandbox.app).get('/api/staff/queue').set(ann.auth).expect(403);
    expect(denied.text).not.toContain('upstream down');
    await request(sandbox.app).get('/api/staff/queue?failed=0').set(staff.auth).expect(400);
    await request(sandbox.app).get('/api/staff/queue?what=1').set(staff.auth).expect(400);
  });

  it('a queued submission that was retried waits behind first attempts, as the workers take them', async () => {
    const queued = (await request(sandbox.app).get('/api/staff/queue').set(staff.auth).expect(200)).body.queued.map((e: { id: string }) => e.id);
    const lease = (await sandbox.services.submissions.claimNext())!;
    await sandbox.services.submissions.release(lease.id, lease.lease!);
    const fresh = await submit(bob, T0 + 20_000, 'Fresh.');
    const after = (await request(sandbox.app).get('/api/staff/queue').set(staff.auth).expect(200)).body.queued;
    expect(after.map((e: { id: string }) => e.id)).toEqual([fresh, ...queued]);
    expect(after[1].attempts).toBe(1);
  });

  it("re-grades wait behind students' submissions: a bulk re-grade never makes students wait", async () => {
    // Empty the queue first (these tests share one sandbox).
    for (let next = await sandbox.services.submissions.claimNext(); next; next = await sandbox.services.submissions.claimNext()) {
      await sandbox.services.submissions.fail(next.id, next.lease!, { kind: 'program', reason: 'test', message: 'test' });
    }
    const old = await submit(ann, T0 + 30_000, 'Old.');
    const claimed = (await sandbox.services.submissions.claimNext())!;
    await sandbox.services.submissions.fail(claimed.id, claimed.lease!, { kind: 'infrastructure', reason: 'down', message: 'down' });
    await request(sandbox.app).post(`/api/staff/submissions/${old}/regrade`).set(staff.auth).expect(202);
    const fresh = await submit(bob, T0 + 40_000, 'Newer.');
    const queued = (await request(sandbox.app).get('/api/staff/queue').set(staff.auth).expect(200)).body.queued.map((e: { id: string }) => e.id);
    expect(queued).toEqual([fresh, old]);
    expect((await sandbox.services.submissions.claimNext())!.id).toBe(fresh);
    expect((await sandbox.services.submissions.claimNext())!.id).toBe(old);
  });
});
