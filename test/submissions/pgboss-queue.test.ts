// The grading queue on pg-boss against a real PostgreSQL server (a throwaway cluster): one job per
// submission (singletonKey), retries with exponential backoff, the dead-letter queue after the last
// attempt (the submission marked dead-lettered with pg-boss's reason), and a worker process killed
// mid-job (SIGKILL: nothing completed or failed) whose job pg-boss hands to another worker once it
// expires: the submission is graded once. Submissions live in a SQLite file here (the PostgreSQL
// store is a separate adapter); the grade is written under the row's lease either way.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAsyncPort } from '../../server/core/async-port.js';
import type { GradeReport } from '../../server/core/grade-report.js';
import { openDatabase, type SqliteDatabase } from '../../server/storage/open-database.js';
import { createGradingLeases } from '../../server/submissions/grading-leases.js';
import type { GradeFn, QueueLimits, SubmissionQueue } from '../../server/submissions/grading-queue.js';
import { DEAD_LETTER_QUEUE, GRADING_QUEUE, type PgBossQueueSettings, createPgBossGradingQueue } from '../../server/submissions/pgboss-grading-queue.js';
import { publicGradingError } from '../../server/submissions/public-error.js';
import { createSubmissionStore } from '../../server/submissions/submission-store.js';
import { type PostgresCluster, startPostgresCluster } from '../../testkit/postgres-cluster.js';
import { waitFor } from '../support/wait-for.js';

let cluster: PostgresCluster;
let tmp: string;
const opened: { boss: PgBoss; queue: SubmissionQueue; db: SqliteDatabase }[] = [];

beforeAll(async () => {
  cluster = await startPostgresCluster();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-pgboss-'));
}, 60_000);
afterAll(async () => {
  for (const { boss, queue, db } of opened) {
    await queue.stop();
    await boss.stop({ graceful: false, wait: true });
    db.close();
  }
  await cluster?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const newSubmission = { userId: 'u_1', taskId: 'sentiment', taskVersion: '1', program: {}, model: 'm', maxPoints: 10 };
const report = (points: number) => ({ counts: { total: 1, errored: 0, correct: 1 }, points, metric: points / 10, cases: [] }) as unknown as GradeReport;
const fast: PgBossQueueSettings = { expireGraceSeconds: 1, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 };

function sqliteAt(file: string): SqliteDatabase {
  const db = openDatabase(path.join(tmp, file));
  db.prepare("INSERT OR IGNORE INTO users (id, email, name, role, created_at) VALUES ('u_1', 'a@x.edu', 'A', 'student', '2026-01-01')").run();
  return db;
}

async function pgbossWorker(options: { file: string; url: string; grade: GradeFn; limits?: Partial<QueueLimits> }) {
  const db = sqliteAt(options.file);
  const clock = { now: () => Date.now() };
  const store = createSubmissionStore(db, clock);
  // maintenance every second: expired jobs are found quickly (the default is every two minutes).
  const boss = new PgBoss({ connectionString: options.url, maintenanceIntervalSeconds: 1, schedule: false });
  boss.on('error', () => {});
  await boss.start();
  const logs: string[] = [];
  const queue = await createPgBossGradingQueue({
    boss,
    store: toAsyncPort(store),
    leases: toAsyncPort(createGradingLeases(db, clock)),
    grade: options.grade,
    workers: 1,
    log: (line) => void logs.push(line),
    publicError: (_s, error) => publicGradingError(error, null),
    limits: { timeBudgetMs: 3_000, maxAttempts: 3, leaseMs: 60_000, ...options.limits },
    settings: fast,
  });
  opened.push({ boss, queue, db });
  return { db, store, boss, queue, logs };
}

const row = (db: SqliteDatabase, id: string) =>
  db.prepare('SELECT status, attempts, grade_count, points, failure_kind, failure_reason, dead_letter_reason FROM submissions WHERE id = ?').get(id) as {
    status: string;
    attempts: number;
    grade_count: number;
    points: number | null;
    failure_kind: string | null;
    failure_reason: string | null;
    dead_letter_reason: string | null;
  };

async function jobCount(boss: PgBoss, name: string): Promise<number> {
  const { rows } = await boss.getDb().executeSql('SELECT COUNT(*)::int AS n FROM pgboss.job WHERE name = $1', [name]);
  return rows[0].n as number;
}

describe('the grading queue on pg-boss', () => {
  it('one job per submission: enqueueing it again while it waits adds nothing, and it is graded once', async () => {
    const url = cluster.createDatabase('singleton');
    const graded: string[] = [];
    const w = await pgbossWorker({ file: 'singleton.db', url, grade: async (s) => (graded.push(s.id), report(8)) });
    const id = w.store.create(newSubmission, null).submission.id;
    await w.queue.enqueue(id);
    await w.queue.enqueue(id);
    await w.queue.enqueue(id);
    expect(await w.boss.getQueueSize(GRADING_QUEUE)).toBe(1);
    w.queue.start();
    await waitFor(() => row(w.db, id).status === 'graded', 'the grade');
    await w.queue.idle();
    expect(graded).toEqual([id]);
    expect(row(w.db, id)).toMatchObject({ status: 'graded', attempts: 1, grade_count: 1, points: 8 });
    expect(await jobCount(w.boss, GRADING_QUEUE)).toBe(1);
  });

  it('retries a failure on the server side with exponential backoff, then grades', async () => {
    const url = cluster.createDatabase('retries');
    const starts: number[] = [];
    const w = await pgbossWorker({
      file: 'retries.db',
      url,
      grade: async () => {
        starts.push(Date.now());
        if (starts.length < 3) throw new Error('provider down');
        return report(6);
      },
    });
    const id = w.store.create(newSubmission, null).submission.id;
    await w.queue.enqueue(id);
    w.queue.start();
    await waitFor(() => row(w.db, id).status === 'graded', 'the grade after two retries', 30_000);
    expect(starts).toHaveLength(3);
    expect(row(w.db, id)).toMatchObject({ status: 'graded', attempts: 3, grade_count: 1, points: 6 });
    // Backoff with retryDelay 1 s: the first wait is 1-2 s, the second 2-4 s.
    const [first, second] = [starts[1]! - starts[0]!, starts[2]! - starts[1]!];
    expect(first).toBeGreaterThanOrEqual(1_000);
    expect(second).toBeGreaterThanOrEqual(2_000);
    expect(w.logs.filter((line) => line.includes('queued for another attempt'))).toHaveLength(2);
  }, 40_000);

  it('after the last attempt the job goes to the dead-letter queue and the submission is marked dead-lettered with the reason', async () => {
    const url = cluster.createDatabase('dead_letter');
    let calls = 0;
    const w = await pgbossWorker({
      file: 'dead.db',
      url,
      limits: { maxAttempts: 2 },
      grade: async () => {
        calls++;
        throw new Error('provider down');
      },
    });
    const id = w.store.create(newSubmission, null).submission.id;
    await w.queue.enqueue(id);
    w.queue.start();
    await waitFor(() => row(w.db, id).dead_letter_reason?.startsWith('dead-lettered') === true, 'the dead letter', 30_000);
    expect(calls).toBe(2);
    const after = row(w.db, id);
    expect(after).toMatchObject({ status: 'failed', attempts: 2, failure_kind: 'infrastructure', grade_count: 0 });
    expect(after.dead_letter_reason).toMatch(/^dead-lettered after 2 attempts: grading crashed: Error: provider down/);
    expect((await w.queue.deadLetters([id])).get(id)?.reason).toBe(after.dead_letter_reason);
    expect(await jobCount(w.boss, DEAD_LETTER_QUEUE)).toBe(1);
  }, 40_000);

  it('a worker process killed mid-job: its job expires and another worker grades the submission, once', async () => {
    const url = cluster.createDatabase('killed');
    const file = path.join(tmp, 'killed.db');
    // The survivor opens the database first (migrations), then the doomed worker takes the job.
    const survivorDb = sqliteAt('killed.db');
    const id = createSubmissionStore(survivorDb, { now: () => Date.now() }).create(newSubmission, null).submission.id;
    const doomed: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/support/pgboss-doomed-worker.ts', file, url, '6000'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    doomed.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    doomed.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const enqueuer = await pgbossWorker({ file: 'killed.db', url, grade: async () => report(0) });
    await enqueuer.queue.enqueue(id);
    await waitFor(() => out.includes(`grading ${id}`), `the doomed worker to take the job (output: ${out})`, 30_000);
    const exited = new Promise((resolve) => doomed.once('exit', resolve));
    doomed.kill('SIGKILL');
    await exited;
    expect(row(survivorDb, id)).toMatchObject({ status: 'grading', attempts: 1 });

    const graded: string[] = [];
    const survivor = await pgbossWorker({ file: 'killed.db', url, grade: async (s) => (graded.push(s.id), report(9)) });
    survivor.queue.start();
    // expireIn = 6 s budget + 1 s grace (long enough that a loaded machine kills the doomed worker before its job expires once already); maintenance every second moves it to retry, backoff 1-2 s.
    await waitFor(() => row(survivorDb, id).status === 'graded', 'the survivor to grade it', 30_000);
    expect(graded).toEqual([id]);
    expect(row(survivorDb, id)).toMatchObject({ status: 'graded', attempts: 2, grade_count: 1, points: 9 });
    // pg-boss marks the job completed after the handler returns, a moment after the grade is written.
    const jobs = async () => (await survivor.boss.getDb().executeSql('SELECT state, retry_count FROM pgboss.job WHERE name = $1', [GRADING_QUEUE])).rows;
    await waitFor(async () => (await jobs())[0]?.state !== 'active', 'pg-boss to finish the job', 10_000);
    expect(await jobs()).toEqual([{ state: 'completed', retry_count: 1 }]);
  }, 60_000);
});
