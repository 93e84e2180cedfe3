// Two grading processes on one SQLite file (two queues, each with its own lease owner, on two
// connections): live work is never taken, a heartbeat keeps a lease alive past its first expiry,
// a dead worker's submission is taken back once its lease expires, and the dead worker's late
// finish writes nothing: the grade is recorded once. Lease expiry runs on an injected clock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAsyncPort } from '../../server/core/async-port.js';
import type { GradeReport } from '../../server/core/grade-report.js';
import { openDatabase, type SqliteDatabase } from '../../server/storage/open-database.js';
import { publicGradingError } from '../../server/submissions/public-error.js';
import { createGradingLeases } from '../../server/submissions/grading-leases.js';
import { createSubmissionQueue, type GradeFn } from '../../server/submissions/submission-queue.js';
import { createSubmissionStore } from '../../server/submissions/submission-store.js';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-leases-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const newSubmission = { userId: 'u_1', taskId: 'sentiment', taskVersion: '1', program: {}, model: 'm', maxPoints: 10 };
const report = (points: number) => ({ counts: { total: 1, errored: 0, correct: 1 }, points, metric: points / 10, cases: [] }) as unknown as GradeReport;

function open(file: string): SqliteDatabase {
  const db = openDatabase(path.join(tmp, file));
  db.prepare("INSERT OR IGNORE INTO users (id, email, name, role, created_at) VALUES ('u_1', 'a@x.edu', 'A', 'student', '2026-01-01')").run();
  return db;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function worker(file: string, grade: GradeFn, clock: { now: () => number }, leaseMs: number) {
  const db = open(file);
  const store = createSubmissionStore(db, { now: () => Date.now() });
  const logs: string[] = [];
  const queue = createSubmissionQueue({
    store: toAsyncPort(store),
    leases: toAsyncPort(createGradingLeases(db, clock)),
    grade,
    workers: 1,
    log: (line) => void logs.push(line),
    publicError: (_s, error) => publicGradingError(error, null),
    limits: { timeBudgetMs: 60_000, maxAttempts: 3, leaseMs },
    // Polling off (an hour): each test wakes the queues itself.
    pollMs: 3_600_000,
  });
  return { db, store, queue, logs };
}

const row = (db: SqliteDatabase, id: string) =>
  db.prepare('SELECT status, attempts, grade_count, points, lease_owner FROM submissions WHERE id = ?').get(id) as {
    status: string;
    attempts: number;
    grade_count: number;
    points: number | null;
    lease_owner: string | null;
  };

describe('grading leases on one SQLite file shared by two processes', () => {
  it('a live lease is never taken; an expired one is, and the late finish of the dead worker writes nothing', async () => {
    let now = 1_000_000;
    const clock = { now: () => now };
    const slow = deferred<GradeReport>();
    let aCalls = 0;
    const a = worker('takeover.db', () => (aCalls++, slow.promise), clock, 60_000);
    const bGraded: string[] = [];
    const b = worker(
      'takeover.db',
      async (submission) => {
        bGraded.push(submission.id);
        return report(7);
      },
      clock,
      60_000,
    );
    const first = a.store.create(newSubmission, null).submission.id;
    a.queue.start();
    await waitFor(() => aCalls === 1, 'A to claim the first submission');
    const second = a.store.create(newSubmission, null).submission.id;
    // B finds the second submission, not the first (A's lease is live).
    b.queue.start();
    await b.queue.idle();
    expect(bGraded).toEqual([second]);
    expect(row(b.db, first)).toMatchObject({ status: 'grading', attempts: 1 });

    // A stops renewing (its heartbeat is 20 s of real time away) and the lease runs out.
    now += 60_000;
    b.queue.notify();
    await waitFor(() => bGraded.length === 2, 'B to take back the first submission');
    await b.queue.idle();
    expect(bGraded).toEqual([second, first]);
    expect(row(b.db, first)).toMatchObject({ status: 'graded', attempts: 2, grade_count: 1, points: 7 });
    expect(b.logs.some((line) => line.startsWith('took back 1 submission'))).toBe(true);

    // A wakes up and finishes: its lease is gone, nothing is written.
    slow.resolve(report(3));
    await a.queue.idle();
    expect(row(a.db, first)).toMatchObject({ status: 'graded', grade_count: 1, points: 7 });
    expect(a.logs.some((line) => line.includes(first) && line.includes('not written'))).toBe(true);
    await Promise.all([a.queue.stop(), b.queue.stop()]);
    a.db.close();
    b.db.close();
  });

  it('a heartbeat keeps the lease alive past its first expiry; a worker that loses its lease stops', async () => {
    let now = 5_000_000;
    const clock = { now: () => now };
    const leaseMs = 300;
    let signal: AbortSignal | null = null;
    const a = worker(
      'heartbeat.db',
      (_submission, run) => {
        signal = run.signal;
        return new Promise<GradeReport>(() => {});
      },
      clock,
      leaseMs,
    );
    let bCalls = 0;
    const b = worker('heartbeat.db', async () => (bCalls++, report(9)), clock, leaseMs);
    const id = a.store.create(newSubmission, null).submission.id;
    const expiry = () => (a.db.prepare('SELECT lease_expires_at FROM submissions WHERE id = ?').pluck().get(id) as number | null) ?? 0;
    a.queue.start();
    await waitFor(() => signal !== null, 'A to claim');
    expect(expiry()).toBe(now + leaseMs);
    // 200 ms on: A's next heartbeat (every 100 ms of real time) renews from the moved clock.
    now += 200;
    await waitFor(() => expiry() === now + leaseMs, 'a heartbeat');
    // Past the first expiry (start + 300), within the renewed one: B does not take it.
    now += 200;
    b.queue.start();
    await b.queue.idle();
    expect(bCalls).toBe(0);
    // A stops renewing (its database refuses writes), the lease runs out, B takes it back.
    a.db.pragma('query_only = 1');
    now += 10 * leaseMs;
    b.queue.notify();
    await b.queue.idle();
    await waitFor(() => bCalls === 1, 'B to grade it');
    a.db.pragma('query_only = 0');
    // A's next heartbeat finds the lease gone and aborts its grading.
    await waitFor(() => signal?.aborted === true, "A's grading to be aborted");
    await a.queue.idle();
    expect(a.logs.some((line) => line.includes(id) && line.includes('another worker took it over'))).toBe(true);
    expect(row(b.db, id)).toMatchObject({ status: 'graded', grade_count: 1, points: 9, attempts: 2 });
    await Promise.all([a.queue.stop(), b.queue.stop()]);
    a.db.close();
    b.db.close();
  });
});
