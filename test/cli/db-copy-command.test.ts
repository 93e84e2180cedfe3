// `sandbox db copy`: a SQLite database with rows in every table, written through the real stores,
// copied by the real CLI (a child process) into a fresh PostgreSQL database of a throwaway cluster,
// then read back through the PostgreSQL adapter: the same users, credentials, submissions, staff
// lists, usage reports, extensions, jobs, drafts and cache as the SQLite adapter answers. A second
// copy into the filled database is refused and writes nothing; the submissions that were waiting
// get their grading jobs in pg-boss. And the copy is served: the server on PostgreSQL gives staff
// and students the same grades CSV and reports as on the SQLite file.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/storage/open-database.js';
import { openStores } from '../../server/storage/open-stores.js';
import type { Stores } from '../../server/storage/stores.js';
import { GRADING_QUEUE } from '../../server/submissions/pgboss-grading-queue.js';
import request from 'supertest';
import { type PostgresCluster, startPostgresCluster } from '../../testkit/postgres-cluster.js';
import { createTestSandbox } from '../../testkit/sandbox-app.js';
import { repoRoot } from '../../testkit/sentiment-fixture.js';
import { defaultQuotas, fakeReport, testClock } from '../storage/store-contract.js';

let cluster: PostgresCluster;
let tmp: string;
let file: string;
const clock = testClock();
const options = { clock, quotas: { ...defaultQuotas, rateLimitPerMinute: 100 }, sessionDays: 14, instanceId: 'copy-test' };
const secrets = { token: '', session: '' };

function sandbox(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/sandbox.js', ...args],
      { cwd: repoRoot, env: { PATH: process.env.PATH, HOME: tmp, NO_COLOR: '1' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** A term's worth of data in every table, written through the SQLite stores. */
async function fill(stores: Stores): Promise<void> {
  const staff = await stores.users.create({ email: 'staff@example.edu', name: 'Staff', role: 'staff' });
  await stores.users.markSignedIn(staff.id);
  await stores.credentials.issueSignInCode(staff.id, 72);
  const roster = await stores.importRoster('email,name,section\nada@example.edu,Ada,A\nbob@example.edu,Bob,B\n');
  const [ada, bob] = await Promise.all(['ada@example.edu', 'bob@example.edu'].map(async (email) => (await stores.users.byEmail(email))!));
  secrets.token = roster.created[0]!.token;
  const tokenRow = (await stores.credentials.activeToken(secrets.token))!;
  secrets.session = (await stores.credentials.createSession(ada!.id, { kind: 'token', tokenId: tokenRow.tokenId })).id;
  await stores.drafts.put(ada!.id, 'sentiment', { instruction: 'classify the review' });
  for (const user of [ada!, bob!]) {
    const reservation = await stores.usageLedger.reserve({ userId: user.id, scope: 'hw1', source: 'playground', model: 'gpt2', mode: 'enforce' }, 50);
    await stores.usageLedger.settle(reservation, { ok: true, reached: true, usage: { promptTokens: 30, completionTokens: 7 }, latencyMs: 40, costUsd: 0.25 });
    clock.advance(1000);
  }
  await stores.usageLedger.recordCacheHit(
    { userId: bob!.id, scope: 'hw1', source: 'gateway', model: 'gpt2', mode: 'enforce' },
    { promptTokens: 3, completionTokens: 1 },
  );
  const program = { kind: 'text', instruction: 'classify' };
  const submit = (userId: string, extra: object = {}) =>
    stores.submissions.create(
      { userId, taskId: 'sentiment', taskVersion: 'v1', program, model: 'gpt2', maxPoints: 10, ...extra },
      { perDay: 5, taskTitle: 'Sentiment' },
    );
  await submit(ada!.id);
  clock.advance(1000);
  await submit(bob!.id, { lateness: { status: 'late', lateMs: 3_600_000, penaltyPercent: 10 } });
  clock.advance(1000);
  await submit(ada!.id);
  for (const points of [6, 9]) {
    const claimed = (await stores.submissions.claimNext())!;
    await stores.submissions.complete(claimed.id, claimed.lease!, fakeReport(points, 10));
  }
  const failing = (await stores.submissions.claimNext())!;
  await stores.submissions.fail(failing.id, failing.lease!, { kind: 'program', reason: 'bad regex', message: 'fix the regex' });
  clock.advance(1000);
  await stores.regradeJobs.start('sentiment', staff.id);
  const graded = (await stores.submissions.claimNext())!;
  await stores.submissions.complete(graded.id, graded.lease!, fakeReport(7, 10));
  await submit(bob!.id);
  await stores.extensions.grant({ userId: bob!.id, taskId: 'sentiment', due: '2026-03-09T00:00:00.000Z', cutoff: null, note: 'ill' }, 'staff@example.edu');
  await stores.extensions.grant({ userId: ada!.id, taskId: 'sentiment', due: '2026-03-09T00:00:00.000Z', cutoff: null, note: null }, 'cli:root');
  await stores.extensions.revoke(ada!.id, 'sentiment', 'cli:root');
  const job = await stores.analysisJobs.start({ taskId: 'sentiment', kind: 'similarity', params: { threshold: 0.8, shingle: 5 }, requestedBy: staff.id });
  await stores.analysisJobs.progress(job.job.id, 2, 2);
  await stores.analysisJobs.finish(job.job.id, { pairs: [] });
  await stores.responseCache.set('key-1', { text: 'positive' });
  // A process stopped mid-call: its heartbeat row, a reservation and a request slot it still held
  // (copied as they are; the first start on PostgreSQL releases the reservation, the slot expires).
  await stores.instances.beat({ id: 'copy-test', role: 'all' }, clock.now(), 30_000);
  await stores.usageLedger.reserve({ userId: ada!.id, scope: 'hw1', source: 'gateway', model: 'gpt2', mode: 'enforce' }, 20);
  await stores.requestLimits.acquire(ada!.id);
  // A failed sign-in counted (copied too: its window simply runs out on PostgreSQL).
  await stores.failureLimiter({ perMinute: 30, name: 'auth-failures-address' }).hit('10.0.0.1');
}

/** Everything the stores answer, read the same way from either adapter. */
async function snapshot(stores: Stores) {
  const users = await stores.users.list();
  const perUser = await Promise.all(
    users.map(async (user) => ({
      user,
      tokenStatus: await stores.tokenStatus(user.id),
      drafts: await stores.drafts.listOf(user.id),
      usage: await stores.usageLedger.usage(user.id, 'hw1'),
      today: await stores.submissions.countToday(user.id, 'sentiment'),
      submissions: await Promise.all((await stores.submissions.list({ userId: user.id })).map((row) => stores.submissions.get(row.id))),
    })),
  );
  const jobs = await stores.regradeJobs.ofTask('sentiment', 10);
  return {
    perUser,
    staff: await stores.staffMembers.list(),
    pages: await Promise.all(
      (['createdAt', 'points', 'status', 'student', 'taskId'] as const).map((sort) =>
        stores.submissionSearch.page({ sort, order: 'desc', page: 1, pageSize: 50 }),
      ),
    ),
    queue: await stores.submissionSearch.queue({ failedLimit: 10 }),
    jobs,
    byStudent: await stores.usageReports.byStudent(),
    byModel: await stores.usageReports.byModel(),
    extensions: await stores.extensions.list(),
    audit: await stores.extensions.audit(),
    similarity: await stores.analysisJobs.latest('sentiment', 'similarity', { done: true }),
    cache: await stores.responseCache.get('key-1'),
    countByUser: [...(await stores.submissions.countByUser()).entries()].sort(),
    tokenUser: await stores.credentials.userIdForToken(secrets.token),
    sessionUser: await stores.credentials.userIdForSession(secrets.session),
  };
}

beforeAll(async () => {
  cluster = await startPostgresCluster();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'db-copy-'));
  file = path.join(tmp, 'sandbox.db');
  const stores = await openStores(`sqlite:${file}`, options);
  await fill(stores);
  await stores.close();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('sandbox db copy', () => {
  it('the SQLite database has rows in every table (the copy is tested on all of them)', () => {
    const db = openDatabase(file);
    try {
      const tables = db
        .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'")
        .pluck()
        .all();
      const empty = tables.filter((table) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() === 0);
      expect(tables.length).toBeGreaterThanOrEqual(14);
      expect(empty).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('copies every table, prints the counts, and PostgreSQL answers as SQLite did', async () => {
    const url = cluster.createDatabase('copy_target');
    const result = await sandbox(['db', 'copy', '--from', `sqlite:${file}`, '--to', url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^users\s+3$/m);
    expect(result.stdout).toMatch(/^submissions\s+4$/m);
    expect(result.stdout).toMatch(/^model_calls\s+3$/m);
    expect(result.stdout).toMatch(/^extension_audit\s+3$/m);
    expect(result.stdout).toMatch(/copied \d+ rows in 19 tables/);
    expect(result.stdout).toMatch(/^queued 3 waiting submissions for grading: the workers grade them once they start$/m);

    const sqlite = await openStores(`sqlite:${file}`, options);
    const postgres = await openStores(url, options);
    try {
      const expected = await snapshot(sqlite);
      expect(expected.tokenUser).not.toBeNull();
      expect(expected.sessionUser).toBe(expected.tokenUser);
      expect(expected.jobs[0]?.items).toHaveLength(3);
      expect(await snapshot(postgres)).toEqual(expected);

      // Serial ids continue after the copied ones.
      await postgres.extensions.grant(
        { userId: expected.perUser[1]!.user.id, taskId: 'topics', due: '2026-03-09T00:00:00.000Z', cutoff: null, note: null },
        'cli:root',
      );
      expect((await postgres.extensions.audit()).map((entry) => entry.id)).toEqual([1, 2, 3, 4]);
      // The copied queue goes on: each waiting submission (a new one and two of the re-grade) has its
      // grading job in pg-boss (without one no worker would ever grade it), and is claimed on PostgreSQL.
      const waiting = expected.queue.queued.map((row) => row.id);
      expect(waiting).toHaveLength(3);
      const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false });
      await boss.start();
      try {
        const jobs = await boss.fetch<{ submissionId: string }>(GRADING_QUEUE, { batchSize: 10 });
        expect(jobs.map((job) => job.data.submissionId).sort()).toEqual([...waiting].sort());
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
      expect((await postgres.submissions.claimNext())?.id).toBe(waiting[0]);
    } finally {
      await sqlite.close();
      await postgres.close();
    }

    const again = await sandbox(['db', 'copy', '--from', `sqlite:${file}`, '--to', url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/the target database is not empty: users \(3 rows\).*Nothing was copied/);
  }, 120_000);

  it('when the waiting submissions cannot be queued, the copy stands and the error says what to do', async () => {
    const url = cluster.createDatabase('unqueued_copy');
    // A pg-boss schema from a newer version (its version row only): pg-boss does not migrate it, and
    // creating the queues fails. The copy itself is already committed by then.
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    try {
      await sql.query('CREATE SCHEMA pgboss; CREATE TABLE pgboss.version (version int PRIMARY KEY); INSERT INTO pgboss.version VALUES (9999)');
      const result = await sandbox(['db', 'copy', '--from', `sqlite:${file}`, '--to', url]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/copied \d+ rows in 19 tables/);
      expect(result.stderr).toMatch(/^sandbox: the copy is complete, but its 3 waiting submissions could not be sent to the grading queue \(.+\)\. /);
      expect(result.stderr).toContain('regrade a task on the staff page ("Regrade a task"): a regrade sends every queued submission to the queue again');
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect((await sql.query("SELECT COUNT(*)::int AS n FROM submissions WHERE status = 'queued'")).rows[0].n).toBe(3);
    } finally {
      await sql.end();
    }
  }, 120_000);

  it('says what is wrong with its flags', async () => {
    const missing = await sandbox(['db', 'copy', '--from', `sqlite:${path.join(tmp, 'nope.db')}`, '--to', cluster.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no SQLite database at');
    const bad = await sandbox(['db', 'copy', '--from', file, '--to', 'mysql://x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from: must be sqlite:<path of the database file>');
    expect(bad.stderr).toContain('--to: must be a postgres:// URL');
  }, 60_000);

  it('the copy is served: the same grades CSV, staff reports and student pages over HTTP as from the SQLite file', async () => {
    // A staff token, written before the copy: it signs in on both servers.
    const before = await openStores(`sqlite:${file}`, options);
    const staffToken = await before.credentials.issueToken((await before.users.byEmail('staff@example.edu'))!.id);
    const ids = (await before.submissions.list({})).map((row) => row.id);
    await before.close();
    const url = cluster.createDatabase('served_copy');
    expect((await sandbox(['db', 'copy', '--from', `sqlite:${file}`, '--to', url])).code).toBe(0);

    const served = async (target: 'sqlite' | 'postgres') => {
      const postgres = target === 'postgres' ? await openStores(url, options) : null;
      // Models are never called: nothing is graded here (the queue stays stopped). Both servers run
      // on the term's clock (the stores' `clock`): "today" is the day the submissions were made.
      const app = await createTestSandbox({
        dir: tmp,
        clock,
        baseURL: 'http://127.0.0.1:9/v1',
        apiKey: 'unused',
        startQueue: false,
        ...(postgres ? { stores: () => postgres } : {}),
      });
      try {
        const staff = { Authorization: `Bearer ${staffToken}` };
        const student = { Authorization: `Bearer ${secrets.token}` };
        const get = async (path: string, auth: Record<string, string>) => {
          const answer = await request(app.app).get(path).set(auth);
          expect(answer.status, `${target} ${path}`).toBe(200);
          return answer.type === 'text/csv' ? answer.text : answer.body;
        };
        return {
          grades: await get('/api/staff/grades.csv', staff),
          reports: await Promise.all(ids.map((id) => get(`/api/staff/submissions/${id}`, staff))),
          students: await get('/api/staff/students', staff),
          usage: await get('/api/staff/usage', staff),
          mine: await get('/api/submissions', student),
          myReports: await Promise.all(
            (await get('/api/submissions', student)).submissions.map((row: { id: string }) => get(`/api/submissions/${row.id}`, student)),
          ),
          assignments: await get('/api/assignments', student),
        };
      } finally {
        await app.stop();
        await postgres?.close();
      }
    };
    const fromSqlite = await served('sqlite');
    expect(fromSqlite.grades).toMatch(/^email,/);
    expect(fromSqlite.reports.filter((detail: { report?: unknown }) => detail.report)).toHaveLength(2);
    expect(fromSqlite.mine.submissions.length).toBeGreaterThan(0);
    expect(await served('postgres')).toEqual(fromSqlite);
  }, 120_000);
});
