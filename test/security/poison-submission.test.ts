// A poison pill: a submission whose grading always crashes, hangs or takes the server down must not
// be retried forever. After SANDBOX_GRADING_MAX_ATTEMPTS attempts (a crash mid-grading is one; an
// operator's graceful restart is not) it ends failed with a staff-visible reason, is not re-queued at the next start
// and does not count against the student's daily limit. A failure caused by the student's own
// program is not retried, says what to fix, and does count. Real SQLite files throughout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { ProgramError } from '../../server/core/errors.js';
import type { GradeReport } from '../../server/core/grade-report.js';
import { publicGradingError } from '../../server/submissions/public-error.js';
import { openDatabase, type SqliteDatabase } from '../../server/storage/open-database.js';
import { createGradingLeases } from '../../server/submissions/grading-leases.js';
import { createSubmissionQueue, type GradeFn } from '../../server/submissions/submission-queue.js';
import { SubmissionLimitReached } from '../../server/core/errors.js';
import { toAsyncPort } from '../../server/core/async-port.js';
import { createSubmissionStore } from '../../server/submissions/submission-store.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, parseSse } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';

let tmp: string;
let fake: FakeOpenAIServer;
const task = loadFixtureTask('sentiment');

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-poison-'));
  fake = await startFakeOpenAIServer({ apiKey: 'k-poison', respond: sentimentOracle(task, new Set()) });
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const limit = { perDay: 1, taskTitle: 'Sentiment' };
const newSubmission = { userId: 'u_1', taskId: 'sentiment', taskVersion: '1', program: {}, model: 'm', maxPoints: 10 };

function openAt(name: string): SqliteDatabase {
  const db = openDatabase(path.join(tmp, name));
  db.prepare("INSERT OR IGNORE INTO users (id, email, name, role, created_at) VALUES ('u_1', 'a@x.edu', 'A', 'student', '2026-01-01')").run();
  return db;
}

const LEASE_MS = 60_000;
// Lease expiry runs on this clock: a test moves it past a dead worker's lease instead of waiting.
let leaseTime = Date.now();
const leaseClock = { now: () => leaseTime };

function queueOn(db: SqliteDatabase, grade: GradeFn, limits: { timeBudgetMs: number; maxAttempts: number } = { timeBudgetMs: 5_000, maxAttempts: 3 }) {
  const store = createSubmissionStore(db, { now: () => Date.now() });
  const logs: string[] = [];
  const queue = createSubmissionQueue({
    store: toAsyncPort(store),
    leases: toAsyncPort(createGradingLeases(db, leaseClock)),
    grade,
    workers: 1,
    log: (line) => void logs.push(line),
    publicError: (_submission, error) => publicGradingError(error, null),
    limits: { ...limits, leaseMs: LEASE_MS },
  });
  return { store, queue, logs };
}

function row(db: SqliteDatabase, id: string) {
  return db.prepare('SELECT status, attempts, failure_kind, failure_reason, error, report FROM submissions WHERE id = ?').get(id) as {
    status: string;
    attempts: number;
    failure_kind: string | null;
    failure_reason: string | null;
    error: string | null;
    report: string | null;
  };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('poison submissions', () => {
  it('a grading that always crashes is tried maxAttempts times, then fails (infrastructure) without counting', async () => {
    const db = openAt('crash.db');
    let calls = 0;
    const { store, queue, logs } = queueOn(db, async () => {
      calls++;
      throw new TypeError("Cannot read properties of undefined (reading 'text')");
    });
    const { submission } = store.create(newSubmission, limit);
    queue.start();
    await queue.idle();
    expect(calls).toBe(3);
    const after = row(db, submission.id);
    expect(after).toMatchObject({ status: 'failed', attempts: 3, failure_kind: 'infrastructure', report: null });
    expect(after.failure_reason).toMatch(/grading crashed: TypeError: Cannot read properties.*attempt 3 of 3; not retried again/);
    expect(after.error).toMatch(/^grading failed on the server.*does not count against your daily limit$/);
    // Infrastructure failures are free: with a limit of 1 a day, the student can submit again.
    expect(store.countToday('u_1', 'sentiment')).toBe(0);
    expect(() => store.create(newSubmission, limit)).not.toThrow();
    expect(logs.filter((line) => line.includes(submission.id))).toHaveLength(3);
    // Out of attempts on the server's fault: dead-lettered, with the reason staff read.
    expect((await queue.deadLetters([submission.id])).get(submission.id)?.reason).toMatch(/grading crashed: TypeError.*attempt 3 of 3/);
    await queue.stop();
    db.close();
  });

  it('a grading that hangs (ignoring its abort signal) is cut off by the time budget on every attempt', async () => {
    const db = openAt('hang.db');
    let calls = 0;
    const { store, queue } = queueOn(
      db,
      () => {
        calls++;
        return new Promise<GradeReport>(() => {});
      },
      { timeBudgetMs: 150, maxAttempts: 2 },
    );
    const { submission } = store.create(newSubmission, limit);
    queue.start();
    // The grading never settles by itself: the queue going idle at all (within the test's timeout)
    // is the budget cutting off both attempts; no claim about how fast the machine is.
    await queue.idle();
    expect(calls).toBe(2);
    const after = row(db, submission.id);
    expect(after).toMatchObject({ status: 'failed', attempts: 2, failure_kind: 'infrastructure' });
    expect(after.failure_reason).toMatch(/time budget of 150 ms/);
    expect(store.countToday('u_1', 'sentiment')).toBe(0);
    await queue.stop();
    db.close();
  });

  // Semantics changed with leases: a crashed worker's submission is taken back once its lease has
  // expired (not by "the next start"), so between crashes the lease clock moves past the lease.
  it('a submission that takes its worker down every time (a crash mid-grading) is not re-queued after maxAttempts', async () => {
    const file = 'restarts.db';
    let calls = 0;
    // Each "server" claims it and is stopped while it grades (the grading never finishes on its own).
    const hang: GradeFn = () => {
      calls++;
      return new Promise<GradeReport>(() => {});
    };
    let id = '';
    for (let start = 1; start <= 3; start++) {
      const db = openAt(file);
      const { store, queue } = queueOn(db, hang);
      if (start === 1) id = store.create(newSubmission, limit).submission.id;
      else {
        // The lease of the crashed worker is still live: nobody takes the submission yet.
        queue.start();
        await queue.idle();
        expect(calls).toBe(start - 1);
        await queue.stop();
        leaseTime += LEASE_MS;
      }
      queue.start();
      await waitFor(() => calls === start, `attempt ${start}`);
      // A crash writes nothing on its way out: with the database refusing writes, the stop cannot
      // hand the submission back either, so the row is left exactly as a killed process leaves it.
      db.pragma('query_only = 1');
      await queue.stop();
      db.pragma('query_only = 0');
      expect(row(db, id)).toMatchObject({ status: 'grading', attempts: start });
      db.close();
    }
    const db = openAt(file);
    leaseTime += LEASE_MS;
    const { store, queue, logs } = queueOn(db, hang);
    queue.start();
    await queue.idle();
    expect(calls).toBe(3);
    const after = row(db, id);
    expect(after).toMatchObject({ status: 'failed', attempts: 3, failure_kind: 'infrastructure' });
    expect(after.failure_reason).toMatch(/interrupted 3 times/);
    expect((await queue.deadLetters([id])).get(id)?.reason).toMatch(/every attempt was interrupted/);
    expect(logs.some((line) => line.includes(id) && line.includes('not re-queued'))).toBe(true);
    expect(logs.some((line) => line.startsWith('took back'))).toBe(false);
    expect(store.countToday('u_1', 'sentiment')).toBe(0);
    // A fifth start leaves it alone too.
    await queue.stop();
    const again = queueOn(db, hang);
    again.queue.start();
    await again.queue.idle();
    expect(calls).toBe(3);
    await again.queue.stop();
    // Staff re-grade gives it fresh attempts.
    expect(store.requeue(id)).toMatchObject({ status: 'queued', attempts: 0 });
    db.close();
  });

  it('a graceful stop (an operator restarting the server) hands the grading back without using an attempt', async () => {
    const file = 'graceful.db';
    let calls = 0;
    const hang: GradeFn = () => {
      calls++;
      return new Promise<GradeReport>(() => {});
    };
    let id = '';
    for (let start = 1; start <= 5; start++) {
      const db = openAt(file);
      const { store, queue } = queueOn(db, hang);
      if (start === 1) id = store.create(newSubmission, limit).submission.id;
      queue.start();
      await waitFor(() => calls === start, `attempt ${start}`);
      await queue.stop();
      expect(row(db, id)).toMatchObject({ status: 'queued', attempts: 0 });
      db.close();
    }
    const db = openAt(file);
    const { queue } = queueOn(db, async () => ({ counts: { total: 0, errored: 0 } }) as unknown as GradeReport);
    queue.start();
    await queue.idle();
    await queue.stop();
    expect(row(db, id)).toMatchObject({ attempts: 1 });
    db.close();
  });

  it('a program fault fails at once, says what to fix, and counts against the daily limit', async () => {
    const db = openAt('program.db');
    let calls = 0;
    const { store, queue } = queueOn(db, async () => {
      calls++;
      throw new ProgramError(['answer.extract: the pattern uses a back-reference, which the grader cannot run in linear time']);
    });
    const { submission } = store.create(newSubmission, limit);
    queue.start();
    await queue.idle();
    expect(calls).toBe(1);
    const after = row(db, submission.id);
    expect(after).toMatchObject({ status: 'failed', attempts: 1, failure_kind: 'program' });
    expect(after.error).toMatch(/back-reference/);
    expect(after.error).toMatch(/Fix this in your program.*counts against your daily limit/);
    expect(store.countToday('u_1', 'sentiment')).toBe(1);
    expect(() => store.create(newSubmission, limit)).toThrow(SubmissionLimitReached);
    // The student's own fault is not a dead letter: nothing for the server to fix.
    expect((await queue.deadLetters([submission.id])).size).toBe(0);
    await queue.stop();
    db.close();
  });

  it('over HTTP: a submission that outruns the time budget fails with the reason shown to staff only, and does not count', async () => {
    fake.setLatencyMs(3_000);
    const sandbox = await createTestSandbox({
      dir: fs.mkdtempSync(path.join(tmp, 'http-')),
      baseURL: fake.url,
      apiKey: 'k-poison',
      gradingTimeBudgetMs: 200,
      gradingMaxAttempts: 2,
    });
    try {
      const student = sandbox.student();
      const staff = sandbox.staff();
      const id = (await request(sandbox.app).post('/api/submissions').set(student.auth).send({ taskId: 'sentiment', program: chatProgram }).expect(202)).body
        .submission.id as string;
      // The progress stream stays open across the retry and ends once, with the final failure.
      const stream = request(sandbox.app)
        .get(`/api/submissions/${id}/events`)
        .set(student.auth)
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => done(null, text));
        });
      await sandbox.services.queue.idle();
      const events = parseSse((await stream).body as string);
      expect(events.filter((e) => e.event === 'failed')).toHaveLength(1);
      expect(events.at(-1)).toMatchObject({
        event: 'failed',
        data: { submission: { id, status: 'failed', failureKind: 'infrastructure', failureReason: null } },
      });
      const own = await request(sandbox.app).get(`/api/submissions/${id}`).set(student.auth).expect(200);
      expect(own.body.submission).toMatchObject({ status: 'failed', failureKind: 'infrastructure', failureReason: null, attempts: 2 });
      expect(own.body.submission.error).toMatch(/does not count against your daily limit/);
      const history = await request(sandbox.app).get('/api/submissions').set(student.auth).expect(200);
      expect(history.body.submissions[0]).toMatchObject({ id, failureKind: 'infrastructure', failureReason: null });
      const list = await request(sandbox.app).get('/api/staff/submissions').set(staff.auth).expect(200);
      expect(list.body.submissions[0]).toMatchObject({ id, status: 'failed', failureKind: 'infrastructure' });
      expect(list.body.submissions[0].failureReason).toMatch(/time budget of 200 ms.*attempt 2 of 2/);
      const detail = await request(sandbox.app).get(`/api/staff/submissions/${id}`).set(staff.auth).expect(200);
      expect(detail.body.submission.failureReason).toMatch(/time budget/);
      const queueView = await request(sandbox.app).get('/api/staff/queue').set(staff.auth).expect(200);
      expect(queueView.body.failed[0]).toMatchObject({ id, deadLetter: { reason: expect.stringMatching(/time budget of 200 ms.*attempt 2 of 2/) } });
      expect(await sandbox.services.submissions.countToday(student.user.id, 'sentiment')).toBe(0);
    } finally {
      fake.setLatencyMs(0);
      await sandbox.stop();
    }
  });

  it('a submission being retried does not hold the worker ahead of one that has not had its first attempt', async () => {
    const db = openAt('fair.db');
    const order: string[] = [];
    const { store, queue } = queueOn(db, async (submission) => {
      order.push(submission.id);
      if (submission.id === first) throw new Error('provider down');
      return { counts: { total: 1, errored: 0, correct: 1 }, points: 10, metric: 1, cases: [] } as unknown as GradeReport;
    });
    const first = store.create(newSubmission, null).submission.id;
    const second = store.create(newSubmission, null).submission.id;
    queue.start();
    await queue.idle();
    expect(order).toEqual([first, second, first, first]);
    expect(row(db, second)).toMatchObject({ status: 'graded', attempts: 1 });
    expect(row(db, first)).toMatchObject({ status: 'failed', attempts: 3, failure_kind: 'infrastructure' });
    await queue.stop();
    db.close();
  });
});
