// The submission queue lives in SQLite: a server stopped with one submission half-graded and one
// still queued leaves both in the database, and a new server on the same file grades each exactly
// once. Calls finished before the stop come back from the response cache.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { openDatabase } from '../../server/storage/open-database.js';
import { createSubmissionStore } from '../../server/submissions/submission-store.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';
import { waitFor } from '../support/wait-for.js';

const task = loadFixtureTask('sentiment');
let fake: FakeOpenAIServer;
let dir: string;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-restart', respond: sentimentOracle(task, new Set()) });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-restart-'));
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('restart', () => {
  it('a queued and a half-graded submission are each graded once by the next server', async () => {
    fake.setLatencyMs(60);
    const first = await createTestSandbox({ dir, baseURL: fake.url, apiKey: 'k-restart', gradingWorkers: 1, concurrency: 1 });
    const student = first.student();
    const a = (await request(first.app).post('/api/submissions').set(student.auth).send({ taskId: 'sentiment', program: chatProgram }).expect(202)).body
      .submission.id as string;
    const b = (
      await request(first.app)
        .post('/api/submissions')
        .set(student.auth)
        .send({ taskId: 'sentiment', program: { ...chatProgram, instruction: 'Positive or negative?' } })
        .expect(202)
    ).body.submission.id as string;
    await waitFor(async () => ((await first.services.queue.progress(a))?.done ?? 0) >= 4, 'a to be half-graded');
    await first.stop();

    const inspect = openDatabase(path.join(dir, 'sandbox.db'));
    const statuses = inspect.prepare('SELECT id, status, grade_count FROM submissions ORDER BY created_at, rowid').all();
    inspect.close();
    // A graceful stop hands the half-graded one back to the queue (its attempt refunded).
    expect(statuses).toEqual([
      { id: a, status: 'queued', grade_count: 0 },
      { id: b, status: 'queued', grade_count: 0 },
    ]);

    // A call the first server cancelled may still be on its way to the model server. Rather than
    // wait a guessed time for it, count only answered calls: one that lands late finds its client
    // gone during the 60 ms latency (kept on for that) and is never answered.
    await waitFor(() => fake.stats().inFlight === 0, 'cancelled calls to settle');
    fake.resetStats();
    const second = await createTestSandbox({ dir, baseURL: fake.url, apiKey: 'k-restart', gradingWorkers: 2 });
    await second.services.queue.idle();
    const rows = second.db.prepare('SELECT id, status, grade_count, attempts, points FROM submissions ORDER BY created_at, rowid').all();
    expect(rows).toEqual([
      { id: a, status: 'graded', grade_count: 1, attempts: 1, points: 10 },
      { id: b, status: 'graded', grade_count: 1, attempts: 1, points: 10 },
    ]);
    const reportA = (await second.services.submissions.get(a))!.report!;
    expect(reportA.counts).toEqual({ total: 32, errored: 0, correct: 32 });
    // What the first server finished before stopping was not asked again.
    expect(reportA.usage.cacheHits).toBeGreaterThanOrEqual(4);
    // Each submission runs the 22 dev cases (shown in detail) and the 32 hidden ones. Counted as
    // distinct prompts: on a loaded machine a call the first server cancelled can still reach the
    // model server after the wait above (its bytes were on the wire), and is then answered to
    // nobody; the second server asks that prompt itself, which is what matters here.
    const answered = fake.requests.filter((call) => call.path === '/v1/chat/completions' && call.status === 200);
    const prompts = new Set(answered.map((call) => JSON.stringify(call.body.messages)));
    expect(prompts.size).toBe(2 * (22 + 32) - reportA.usage.cacheHits);
    expect(answered.length - prompts.size).toBeLessThanOrEqual(1);
    const detail = await request(second.app).get(`/api/submissions/${a}`).set(student.auth).expect(200);
    expect(detail.body.submission.status).toBe('graded');
    await second.stop();
  });

  it('status changes are guarded: a stale lease never writes, a grade is written once', () => {
    const db = openDatabase(path.join(dir, 'guard.db'));
    db.prepare("INSERT INTO users (id, email, name, role, created_at) VALUES ('u_1', 'a@x.edu', 'A', 'student', '2026-01-01')").run();
    const store = createSubmissionStore(db, { now: () => Date.now() });
    const { submission } = store.create({ userId: 'u_1', taskId: 'sentiment', taskVersion: '1', program: {}, model: 'm', maxPoints: 10 }, null);
    const claimed = store.claimNext()!;
    expect(claimed.id).toBe(submission.id);
    expect(store.claimNext()).toBeNull();
    expect(store.requeueInterrupted()).toEqual({ requeued: 1, failed: [] });
    const reclaimed = store.claimNext()!;
    const report = { points: 5, metric: 0.5 } as never;
    expect(store.complete(submission.id, claimed.lease!, report)).toBe(false);
    expect(store.complete(submission.id, reclaimed.lease!, report)).toBe(true);
    expect(store.complete(submission.id, reclaimed.lease!, report)).toBe(false);
    expect(store.fail(submission.id, reclaimed.lease!, { kind: 'infrastructure', reason: 'late', message: 'late' })).toBe(false);
    expect(store.get(submission.id)).toMatchObject({ status: 'graded', gradeCount: 1, points: 5 });
    db.close();
  });
});
