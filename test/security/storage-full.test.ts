// A full (or read-only) database while a grade is written must not take the server down: the
// process stays up, /healthz and reads keep answering, the failed write logs one clear line, and
// the submission is retried or failed with an infrastructure reason: nothing lost, nothing
// half-written. The database is made full with SQLite's own means (PRAGMA max_page_count on the
// app's connection to the real file) after the submission was claimed and before its grade is
// written; "read-only" is PRAGMA query_only, which refuses every write, the failure handler's too.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/storage/open-database.js';
import { createSqliteResponseCache } from '../../server/storage/response-cache.js';
import { newFaultTally, tolerantCache } from '../../server/submissions/storage-tolerant.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';
import { waitFor } from '../support/wait-for.js';

const task = loadFixtureTask('sentiment');
let fake: FakeOpenAIServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
const open: TestSandbox[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-full', respond: sentimentOracle(task, new Set()) });
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  fake.setLatencyMs(0);
  for (const sandbox of open.splice(0)) await sandbox.stop().catch(() => {});
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await fake.close();
});

function row(sandbox: TestSandbox, id: string) {
  return sandbox.db
    .prepare(
      'SELECT status, attempts, grade_count, points, report IS NOT NULL AS has_report, cases_total, failure_kind, failure_reason FROM submissions WHERE id = ?',
    )
    .get(id) as Record<string, unknown>;
}

async function serverKeepsAnswering(sandbox: TestSandbox, auth: Record<string, string>, staffAuth: Record<string, string>, id: string) {
  await request(sandbox.app).get('/healthz').expect(200);
  await request(sandbox.app).get('/api/me').set(auth).expect(200);
  await request(sandbox.app).get('/api/submissions').set(auth).expect(200);
  await request(sandbox.app).get(`/api/submissions/${id}`).set(auth).expect(200);
  await request(sandbox.app).get('/api/staff/submissions').set(staffAuth).expect(200);
}

async function submitAndWaitUntilGrading(sandbox: TestSandbox, auth: Record<string, string>): Promise<string> {
  // Slow enough answers that the grading is caught mid-way.
  fake.setLatencyMs(20);
  const id = (await request(sandbox.app).post('/api/submissions').set(auth).send({ taskId: 'sentiment', program: chatProgram }).expect(202)).body.submission
    .id as string;
  await waitFor(async () => ((await sandbox.services.queue.progress(id))?.done ?? 0) >= 3, 'the submission to be claimed and half-graded');
  return id;
}

describe('storage faults during grading', () => {
  it('a database made full mid-grade: the process stays up, the submission fails (infrastructure) unwritten, and grades once there is room', async () => {
    const sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-full', gradingMaxAttempts: 2, concurrency: 2 });
    open.push(sandbox);
    const student = sandbox.student();
    const staff = sandbox.staff();
    const id = await submitAndWaitUntilGrading(sandbox, student.auth);
    // Full: no page may be added to the file. Small updates in place still fit; a ~20 KB report does not.
    const pages = sandbox.db.pragma('page_count', { simple: true }) as number;
    sandbox.db.pragma(`max_page_count = ${pages}`);
    fake.setLatencyMs(0);
    await sandbox.services.queue.idle();

    expect(unhandled).toEqual([]);
    await serverKeepsAnswering(sandbox, student.auth, staff.auth, id);
    const failed = row(sandbox, id);
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 2,
      grade_count: 0,
      points: null,
      has_report: 0,
      cases_total: null,
      failure_kind: 'infrastructure',
    });
    expect(failed.failure_reason).toMatch(/storage fault while writing the grade: SQLITE_FULL: database or disk is full \(attempt 2 of 2; not retried again/);
    const faultLines = sandbox.logs.filter((line) => line.includes('SQLITE_FULL') && line.includes(id));
    expect(faultLines.length).toBeGreaterThanOrEqual(2);
    for (const line of faultLines) expect(line).not.toContain('\n');
    expect(
      faultLines.some((line) =>
        line.includes('storage fault while writing the grade (SQLITE_FULL: database or disk is full); attempt 1 of 2; queued for another attempt'),
      ),
    ).toBe(true);
    // The student is told it does not count; staff see the reason.
    const own = await request(sandbox.app).get(`/api/submissions/${id}`).set(student.auth).expect(200);
    expect(own.body.submission).toMatchObject({ status: 'failed', failureKind: 'infrastructure', failureReason: null });
    expect(own.body.submission.error).toMatch(/does not count against your daily limit/);
    expect(await sandbox.services.submissions.countToday(student.user.id, 'sentiment')).toBe(0);

    // Room again: staff re-grade it, and it is graded exactly once with the full report.
    sandbox.db.pragma('max_page_count = 1073741823');
    await request(sandbox.app).post(`/api/staff/submissions/${id}/regrade`).set(staff.auth).expect(202);
    await sandbox.services.queue.idle();
    expect(row(sandbox, id)).toMatchObject({
      status: 'graded',
      grade_count: 1,
      points: 10,
      has_report: 1,
      cases_total: 32,
      failure_kind: null,
      failure_reason: null,
    });
    expect((await sandbox.services.submissions.get(id))!.report!.counts).toEqual({ total: 32, errored: 0, correct: 32 });
    expect(unhandled).toEqual([]);
  });

  // With leases (issue 12) the row is taken back once its lease expires, by this or another
  // process, rather than "at the next start": a short lease here.
  it('every write refused (the failure handler too): nothing crashes, reads work, and the lease expires and it is graded', async () => {
    const first = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-full', gradingMaxAttempts: 3, concurrency: 2, gradingLeaseMs: 300 });
    open.push(first);
    const student = first.student();
    const staff = first.staff();
    const id = await submitAndWaitUntilGrading(first, student.auth);
    first.db.pragma('query_only = ON');
    fake.setLatencyMs(0);
    await first.services.queue.idle();

    expect(unhandled).toEqual([]);
    await serverKeepsAnswering(first, student.auth, staff.auth, id);
    // Neither the grade nor the failure could be written: the row is still claimed, as after a crash.
    expect(row(first, id)).toMatchObject({ status: 'grading', attempts: 1, grade_count: 0, has_report: 0 });
    const line = first.logs.find((l) => l.includes(id) && l.includes('SQLITE_READONLY') && l.includes('writing the grade'));
    expect(line).toMatch(
      /storage fault while writing the grade \(SQLITE_READONLY: attempt to write a readonly database\); attempt 1 of 3; putting it back in the queue failed too \(SQLITE_READONLY/,
    );
    expect(line).toMatch(/taken back when its lease expires/);
    // Another submission cannot be claimed either; the queue says so and keeps the process up.
    first.db.pragma('query_only = OFF');
    const dir = first.dir;
    await first.stop();
    open.splice(0);

    const second = await createTestSandbox({ dir, baseURL: fake.url, apiKey: 'k-full', gradingLeaseMs: 300 });
    open.push(second);
    // The first process's lease runs out (it renews nothing any more); the second takes it back.
    await waitFor(() => row(second, id).status === 'graded', 'the submission to be taken back and graded');
    await second.services.queue.idle();
    expect(row(second, id)).toMatchObject({ status: 'graded', attempts: 2, grade_count: 1, points: 10, has_report: 1, cases_total: 32 });
    expect(unhandled).toEqual([]);
  });

  it('a write refused outside grading: a POST answers 503 with a clear message, and a refused claim is logged and retried', async () => {
    const sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-full', startQueue: false });
    open.push(sandbox);
    const student = sandbox.student();
    sandbox.db.pragma('query_only = ON');
    const refused = await request(sandbox.app).post('/api/submissions').set(student.auth).send({ taskId: 'sentiment', program: chatProgram });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'storage_unavailable' });
    expect(refused.body.error.message).toMatch(/nothing was saved, try again later/);
    expect(sandbox.logs.filter((line) => line.includes('storage fault: SQLITE_READONLY'))).toHaveLength(1);
    sandbox.db.pragma('query_only = OFF');
    const id = (await request(sandbox.app).post('/api/submissions').set(student.auth).send({ taskId: 'sentiment', program: chatProgram }).expect(202)).body
      .submission.id as string;
    // The queue starts on a database that refuses writes: the claim fails, is logged, and is tried again.
    sandbox.db.pragma('query_only = ON');
    sandbox.services.queue.start();
    await waitFor(
      () => sandbox.logs.some((line) => line.startsWith('could not claim the next submission (storage fault: SQLITE_READONLY')),
      'the refused claim to be logged',
    );
    await request(sandbox.app).get('/healthz').expect(200);
    sandbox.db.pragma('query_only = OFF');
    await sandbox.services.queue.idle();
    expect(row(sandbox, id)).toMatchObject({ status: 'graded', grade_count: 1 });
    expect(unhandled).toEqual([]);
  });

  it("a full database skips the grader's cache writes instead of failing the case (a right answer stays right)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-tolerant-'));
    const db = openDatabase(path.join(dir, 'sandbox.db'));
    const tally = newFaultTally();
    const cache = tolerantCache(createSqliteResponseCache(db), tally);
    await cache.set('small', { text: 'positive' });
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    await expect(cache.set('big', { text: 'x'.repeat(50_000) })).resolves.toBeUndefined();
    expect(tally).toEqual({ count: 1, first: 'SQLITE_FULL: database or disk is full' });
    expect(await cache.get('small')).toEqual({ text: 'positive' });
    expect(await cache.get('big')).toBeUndefined();
    // Anything that is not the disk's fault is still an error.
    db.close();
    await expect(cache.set('after-close', 1)).rejects.toThrow(/not open/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
