// Lists (staff submissions, a student's history, the grades CSV) are built from the summary columns
// of the submissions table, never from the reports (about 20 KB of JSON each). They must show the
// same data as the full submission does, on a database written now and on one written by the old
// schema (migration 4 backfills the columns from the stored reports).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { migrations } from '../../server/storage/migrations.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
let fake: FakeOpenAIServer;
let tmp: string;

beforeAll(async () => {
  // Two hidden reviews answered wrong, so that counts are not all equal.
  fake = await startFakeOpenAIServer({ apiKey: 'k-sum', respond: sentimentOracle(task, new Set(task.test.slice(0, 2).map((c) => c.inputs.review!))) });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-summaries-'));
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every list entry equals the summary of the same submission read in full (report parsed). */
async function expectListsMatchDetails(sandbox: TestSandbox, staffAuth: Record<string, string>, studentAuth: Record<string, string>) {
  const staffList = (await request(sandbox.app).get('/api/staff/submissions').set(staffAuth).expect(200)).body.submissions as { id: string }[];
  expect(staffList.length).toBeGreaterThan(0);
  for (const entry of staffList) {
    const detail = await request(sandbox.app).get(`/api/staff/submissions/${entry.id}`).set(staffAuth).expect(200);
    expect(entry).toEqual(detail.body.submission);
    const report = detail.body.report;
    if (detail.body.submission.status === 'graded') expect((entry as unknown as { counts: unknown }).counts).toEqual(report.counts);
  }
  const history = (await request(sandbox.app).get('/api/submissions').set(studentAuth).expect(200)).body.submissions as { id: string }[];
  for (const entry of history) {
    const detail = await request(sandbox.app).get(`/api/submissions/${entry.id}`).set(studentAuth).expect(200);
    expect(entry).toEqual(detail.body.submission);
  }
  return staffList;
}

function csvCell(csv: string, email: string, column: string): string | undefined {
  const lines = csv.trim().split('\r\n');
  const header = lines[0]!.split(',');
  return lines.find((line) => line.startsWith(`${email},`))?.split(',')[header.indexOf(column)];
}

describe('summary columns', () => {
  it('lists equal the full submissions, and never read a report', async () => {
    const sandbox = await createTestSandbox({ dir: fs.mkdtempSync(path.join(tmp, 'new-')), baseURL: fake.url, apiKey: 'k-sum' });
    const student = sandbox.student();
    const staff = sandbox.staff();
    const graded = (await request(sandbox.app).post('/api/submissions').set(student.auth).send({ taskId: 'sentiment', program: chatProgram }).expect(202)).body
      .submission.id as string;
    await sandbox.services.queue.idle();
    fake.faults.queue({ kind: 'status', status: 400, message: 'Injected bad request.' }, 1000);
    const failed = (
      await request(sandbox.app)
        .post('/api/submissions')
        .set(student.auth)
        .send({ taskId: 'sentiment', program: { ...chatProgram, instruction: 'Label it.' } })
        .expect(202)
    ).body.submission.id as string;
    await sandbox.services.queue.idle();
    fake.faults.clear();

    const list = await expectListsMatchDetails(sandbox, staff.auth, student.auth);
    expect(list.find((s) => s.id === graded)).toMatchObject({ status: 'graded', points: 10, counts: { total: 32, errored: 0, correct: 30 } });
    expect(list.find((s) => s.id === failed)).toMatchObject({ status: 'failed', counts: null, failureKind: 'infrastructure', attempts: 3 });

    // A report that cannot be parsed does not matter to a list: lists do not read it.
    sandbox.db.prepare("UPDATE submissions SET report = '{not json' WHERE id = ?").run(graded);
    const again = await request(sandbox.app).get('/api/staff/submissions').set(staff.auth).expect(200);
    expect(again.body.submissions.find((s: { id: string }) => s.id === graded)).toEqual(list.find((s) => s.id === graded));
    await request(sandbox.app).get('/api/submissions').set(student.auth).expect(200);
    const csv = await request(sandbox.app).get('/api/staff/grades.csv').set(staff.auth).expect(200);
    expect(csvCell(csv.text, student.user.email, 'sentiment (10)')).toBe('10');
    await sandbox.stop();
  });

  it('a database written by the old schema is backfilled by the migration: same lists as before', async () => {
    // A real report, written by today's grader, to store the old way.
    const source = await createTestSandbox({ dir: fs.mkdtempSync(path.join(tmp, 'source-')), baseURL: fake.url, apiKey: 'k-sum' });
    const someone = source.student();
    const id = (await request(source.app).post('/api/submissions').set(someone.auth).send({ taskId: 'sentiment', program: chatProgram }).expect(202)).body
      .submission.id as string;
    await source.services.queue.idle();
    const report = source.db.prepare('SELECT report FROM submissions WHERE id = ?').pluck().get(id) as string;
    await source.stop();

    // The database as the old schema (migrations 1 and 2) wrote it: a graded, a failed and a queued submission.
    const dir = fs.mkdtempSync(path.join(tmp, 'old-'));
    const old = new Database(path.join(dir, 'sandbox.db'));
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const migration of migrations.filter((m) => m.id <= 2)) {
      old.exec(migration.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(migration.id, migration.name, '2026-01-01T00:00:00.000Z');
    }
    old
      .prepare(
        "INSERT INTO users (id, email, name, role, section, created_at) VALUES ('u_old', 'old@example.edu', 'Old Student', 'student', 'B', '2026-01-01')",
      )
      .run();
    const insert =
      old.prepare(`INSERT INTO submissions (id, user_id, task_id, task_version, program, model, status, attempts, grade_count, points, max_points, metric, report, error, day, created_at, graded_at)
      VALUES (@id, 'u_old', 'sentiment', '1', @program, 'gpt-4o-mini', @status, @attempts, @gradeCount, @points, 10, @metric, @report, @error, '2026-01-02', @createdAt, @gradedAt)`);
    const parsed = JSON.parse(report) as { points: number; metric: number };
    const program = JSON.stringify(chatProgram);
    insert.run({
      id: 's_old_graded',
      program,
      status: 'graded',
      attempts: 1,
      gradeCount: 1,
      points: parsed.points,
      metric: parsed.metric,
      report,
      error: null,
      createdAt: '2026-01-02T10:00:00.000Z',
      gradedAt: '2026-01-02T10:01:00.000Z',
    });
    insert.run({
      id: 's_old_failed',
      program,
      status: 'failed',
      attempts: 1,
      gradeCount: 0,
      points: null,
      metric: null,
      report: null,
      error: 'the model could not be reached for any test case',
      createdAt: '2026-01-02T11:00:00.000Z',
      gradedAt: '2026-01-02T11:01:00.000Z',
    });
    old.close();

    // Opening runs migration 4. The queue is not started: the rows stay as the old server left them.
    const sandbox = await createTestSandbox({ dir, baseURL: fake.url, apiKey: 'k-sum', startQueue: false });
    const staff = sandbox.staff();
    const columns = sandbox.db.prepare('SELECT id, cases_total, cases_errored, cases_correct, failure_kind, failure_reason FROM submissions ORDER BY id').all();
    expect(columns).toEqual([
      {
        id: 's_old_failed',
        cases_total: null,
        cases_errored: null,
        cases_correct: null,
        failure_kind: 'infrastructure',
        failure_reason: 'the model could not be reached for any test case',
      },
      { id: 's_old_graded', cases_total: 32, cases_errored: 0, cases_correct: 30, failure_kind: null, failure_reason: null },
    ]);
    const list = (await request(sandbox.app).get('/api/staff/submissions').set(staff.auth).expect(200)).body.submissions;
    for (const entry of list) {
      const detail = await request(sandbox.app).get(`/api/staff/submissions/${entry.id}`).set(staff.auth).expect(200);
      expect(entry).toEqual(detail.body.submission);
    }
    expect(list).toEqual([
      expect.objectContaining({
        id: 's_old_failed',
        status: 'failed',
        error: 'the model could not be reached for any test case',
        failureKind: 'infrastructure',
        counts: null,
      }),
      expect.objectContaining({
        id: 's_old_graded',
        status: 'graded',
        points: parsed.points,
        metric: parsed.metric,
        counts: { total: 32, errored: 0, correct: 30 },
      }),
    ]);
    // Old failures never counted against the daily limit; after the migration they still do not.
    expect(
      sandbox.db.prepare("SELECT COUNT(*) FROM submissions WHERE user_id = 'u_old' AND (status != 'failed' OR failure_kind = 'program')").pluck().get(),
    ).toBe(1);
    const csv = await request(sandbox.app).get('/api/staff/grades.csv').set(staff.auth).expect(200);
    expect(csvCell(csv.text, 'old@example.edu', 'sentiment (10)')).toBe(String(Math.round(parsed.points * 100) / 100));
    await sandbox.stop();
  });
});
