// Deadlines over real HTTP and SQLite with an injected clock: lateness and penalty recorded with
// a submission, refusal after the cutoff (nothing stored), extensions that change a student's
// outcome and are audited, the grades CSV columns, and a policy change that recomputes final
// points at the next start without re-grading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { deadlineTasksDir } from '../support/deadline-tasks.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';
import { renderSaid } from '../../server/shared/messages/render-message.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const due = '2027-01-22T23:59:00-08:00';
const dueMs = Date.parse(due);
const policy = (late: string, counts = 'best') => `id: course
title: Course
timeZone: America/Los_Angeles
grace: 15m
late: ${late}
cutoff: 3d
counts: ${counts}
tasks:
  - { task: sentiment, points: 10, due: "${due}" }
`;

let fake: FakeOpenAIServer;
beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-dl', respond: sentimentOracle(loadFixtureTask('sentiment'), new Set()) });
});
afterAll(async () => {
  await fake.close();
});

function csvTable(text: string): Record<string, string>[] {
  const [header, ...rows] = text
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i] ?? ''])));
}

describe('deadlines, late policy and extensions', () => {
  let now = dueMs - 2 * HOUR;
  const clock = { now: () => now };
  const tasks = deadlineTasksDir(policy('{ kind: per-day, percent: 10, cap: 50 }'));
  let sandbox: TestSandbox;
  const submit = (auth: Record<string, string>) => request(sandbox.app).post('/api/submissions').set(auth).send({ taskId: 'sentiment', program: chatProgram });

  it('records a late submission with its lateness, penalty and final points; refuses one after the cutoff and stores nothing', async () => {
    sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-dl', clock, tasksDir: tasks.dir });
    const ada = sandbox.student('Ada');
    const preview = await request(sandbox.app).get('/api/tasks/sentiment/deadline').set(ada.auth).expect(200);
    expect(preview.body).toEqual({
      deadline: {
        due,
        timeZone: 'America/Los_Angeles',
        graceMs: 15 * 60_000,
        late: { kind: 'per-day', percent: 10, cap: 50 },
        cutoff: '2027-01-26T07:59:00.000Z',
        counts: 'best',
        extended: false,
      },
      now: new Date(now).toISOString(),
    });

    const onTime = (await submit(ada.auth).expect(202)).body.submission;
    expect(onTime).toMatchObject({ lateStatus: 'on-time', lateMs: 0, penaltyPercent: 0 });
    // 1 day 5 hours late: the grace ends 15 min after due, so two started days, 20 %.
    now = dueMs + DAY + 5 * HOUR;
    const late = (await submit(ada.auth).expect(202)).body.submission;
    expect(late).toMatchObject({ lateStatus: 'late', lateMs: DAY + 5 * HOUR, penaltyPercent: 20, finalPoints: null });
    await sandbox.services.queue.idle();
    const graded = await request(sandbox.app).get(`/api/submissions/${late.id}`).set(ada.auth).expect(200);
    expect(graded.body.submission).toMatchObject({ status: 'graded', points: 10, penaltyPercent: 20, finalPoints: 8, lateStatus: 'late' });
    const list = (await request(sandbox.app).get('/api/submissions').set(ada.auth).expect(200)).body.submissions;
    expect(list.map((s: { finalPoints: number }) => s.finalPoints)).toEqual([8, 10]);

    // After the cutoff (due + 3 days): refused with the date in the course's zone, nothing stored.
    now = dueMs + 3 * DAY + 60_000;
    const refused = await submit(ada.auth).expect(403);
    expect(refused.body.error.code).toBe('past_cutoff');
    expect(refused.body.error.message).toBe(
      'submissions to "Sentiment of short reviews" closed at Mon, Jan 25, 2027, 11:59 PM PST; this one was refused and not stored. Ask the course staff if you need an extension.',
    );
    // By code for the student's language: the cutoff as an instant, written in the reader's zone.
    expect(refused.body.error.said).toEqual([
      { code: 'limit.past_cutoff', params: { task: 'Sentiment of short reviews', cutoff: '2027-01-26T07:59:00.000Z' } },
    ]);
    expect(renderSaid(refused.body.error.said, 'zh-CN', { timeZone: 'America/Los_Angeles' })![0]).toMatch(
      /^“Sentiment of short reviews”已于 2027年1月25日周一.*23:59 截止提交/,
    );
    // Refused before the program is looked at: the reason is the date, not the program.
    const invalid = await request(sandbox.app)
      .post('/api/submissions')
      .set(ada.auth)
      .send({ taskId: 'sentiment', program: { kind: 'text' } })
      .expect(403);
    expect(invalid.body.error.code).toBe('past_cutoff');
    expect(await sandbox.services.submissions.list({ userId: ada.user.id })).toHaveLength(2);
    expect(await sandbox.services.submissions.countToday(ada.user.id, 'sentiment')).toBe(0);
    // Staff trying the task are not refused; their submission is measured like any other.
    const staffTry = await request(sandbox.app)
      .post('/api/submissions')
      .set(sandbox.staff('Tess Staff').auth)
      .send({ taskId: 'sentiment', program: chatProgram })
      .expect(202);
    expect(staffTry.body.submission).toMatchObject({ lateStatus: 'late', penaltyPercent: 30 });
    await sandbox.services.queue.idle();

    // The home page: the student's own due date in the zone, the grade that counts (best final: the on-time 10).
    const home = (await request(sandbox.app).get('/api/assignments').set(ada.auth).expect(200)).body.assignments[0].tasks[0];
    expect(home).toMatchObject({
      due,
      deadline: { extended: false, timeZone: 'America/Los_Angeles' },
      bestPoints: 10,
      grade: { submissionId: onTime.id, rawPoints: 10, finalPoints: 10, late: false },
    });

    // The staff list filters on lateness (Ada's two and the staff member's one).
    const staffAuth = sandbox.staff('Lia Late').auth;
    const ids = async (late: string) =>
      (await request(sandbox.app).get(`/api/staff/submissions?late=${late}`).set(staffAuth).expect(200)).body.submissions.map((s: { id: string }) => s.id);
    expect(await ids('on-time')).toEqual([onTime.id]);
    expect(await ids('late')).toEqual([staffTry.body.submission.id, late.id]);
    expect(await ids('grace')).toEqual([]);
    await request(sandbox.app).get('/api/staff/submissions?late=sometimes').set(staffAuth).expect(400);
  });

  it("an extension granted by staff changes the student's outcome, is audited, and revoking it restores the policy", async () => {
    const staff = sandbox.staff();
    const bo = sandbox.student('Bo');
    // Past the cutoff for everyone else.
    const refused = await submit(bo.auth).expect(403);
    expect(refused.body.error.code).toBe('past_cutoff');

    now = dueMs + 3 * DAY + 2 * HOUR;
    const newDue = '2027-01-27T23:59:00-08:00';
    const granted = await request(sandbox.app)
      .put('/api/staff/extensions')
      .set(staff.auth)
      .send({ userId: bo.user.id, taskId: 'sentiment', due: newDue, note: 'medical' })
      .expect(200);
    expect(granted.body.extension).toMatchObject({
      userId: bo.user.id,
      email: bo.user.email,
      taskId: 'sentiment',
      due: newDue,
      cutoff: null,
      note: 'medical',
      grantedBy: staff.user.email,
      grantedAt: new Date(now).toISOString(),
    });
    // A student cannot grant themselves one.
    await request(sandbox.app).put('/api/staff/extensions').set(bo.auth).send({ userId: bo.user.id, taskId: 'sentiment', due: newDue }).expect(403);

    const preview = (await request(sandbox.app).get('/api/tasks/sentiment/deadline').set(bo.auth).expect(200)).body.deadline;
    // Without a cutoff of its own the extension keeps the 3-day late window.
    expect(preview).toMatchObject({ due: newDue, extended: true, cutoff: '2027-01-31T07:59:00.000Z' });
    const accepted = (await submit(bo.auth).expect(202)).body.submission;
    expect(accepted).toMatchObject({ lateStatus: 'on-time', penaltyPercent: 0 });
    await sandbox.services.queue.idle();

    // Ada's late submission is on time once she gets an extension too: recomputed, not re-graded.
    const ada = (await sandbox.services.accounts.users.list('student')).find((u) => u.name === 'Ada')!;
    const adaLate = (await sandbox.services.submissions.list({ userId: ada.id })).find((s) => s.lateStatus === 'late')!;
    await request(sandbox.app)
      .put('/api/staff/extensions')
      .set(staff.auth)
      .send({ userId: ada.id, taskId: 'sentiment', due: newDue, cutoff: '2027-01-28T23:59:00-08:00' })
      .expect(200);
    const after = (await sandbox.services.submissions.get(adaLate.id))!;
    expect(after).toMatchObject({ lateStatus: 'on-time', penaltyPercent: 0, finalPoints: 10, gradeCount: adaLate.gradeCount, gradedAt: adaLate.gradedAt });

    // Revoking Bo's: his submission is late again (4 started days, 40 %), though after the cutoff: it was accepted, it stays.
    now += HOUR;
    await request(sandbox.app).delete(`/api/staff/extensions/${bo.user.id}/sentiment`).set(staff.auth).expect(204);
    await request(sandbox.app).delete(`/api/staff/extensions/${bo.user.id}/sentiment`).set(staff.auth).expect(404);
    expect(await sandbox.services.submissions.get(accepted.id)).toMatchObject({ lateStatus: 'late', penaltyPercent: 40, points: 10, finalPoints: 6 });
    await submit(bo.auth).expect(403);

    const audit = (await request(sandbox.app).get(`/api/staff/extensions?userId=${bo.user.id}`).set(staff.auth).expect(200)).body;
    expect(audit.extensions).toEqual([]);
    expect(audit.audit).toEqual([
      {
        userId: bo.user.id,
        email: bo.user.email,
        taskId: 'sentiment',
        action: 'grant',
        due: newDue,
        cutoff: null,
        note: 'medical',
        actor: staff.user.email,
        at: new Date(dueMs + 3 * DAY + 2 * HOUR).toISOString(),
      },
      {
        userId: bo.user.id,
        email: bo.user.email,
        taskId: 'sentiment',
        action: 'revoke',
        due: null,
        cutoff: null,
        note: null,
        actor: staff.user.email,
        at: new Date(now).toISOString(),
      },
    ]);
    await request(sandbox.app).get('/api/staff/extensions').set(bo.auth).expect(403);
  });

  it('the grades CSV carries final, raw, penalty and late per task under "which counts"', async () => {
    const staff = sandbox.staff('Csv Staff');
    const rows = csvTable((await request(sandbox.app).get('/api/staff/grades.csv').set(staff.auth).expect(200)).text);
    const bo = rows.find((row) => row.name === 'Bo')!;
    expect(bo).toMatchObject({ 'sentiment (10)': '6', 'sentiment raw': '10', 'sentiment penalty %': '40', 'sentiment late': 'late', total: '6' });
    const ada = rows.find((row) => row.name === 'Ada')!;
    expect(ada).toMatchObject({ 'sentiment (10)': '10', 'sentiment raw': '10', 'sentiment penalty %': '0', 'sentiment late': '', total: '10' });
  });

  it('a changed policy recomputes final points at the next start, without re-grading', async () => {
    const before = sandbox.db.prepare('SELECT id, grade_count, graded_at, points, report FROM submissions ORDER BY id').all();
    await sandbox.stop();
    // 25 % per day and the last submission counts.
    tasks.write(policy('{ kind: per-day, percent: 25, cap: 100 }', 'last'));
    const next = await createTestSandbox({ dir: sandbox.dir, baseURL: fake.url, apiKey: 'k-dl', clock, tasksDir: tasks.dir });
    try {
      expect(next.db.prepare('SELECT id, grade_count, graded_at, points, report FROM submissions ORDER BY id').all()).toEqual(before);
      expect(next.logs.some((line) => /lateness and final points of \d+ submissions? recomputed/.test(line))).toBe(true);
      const bo = (await next.services.accounts.users.list('student')).find((u) => u.name === 'Bo')!;
      expect((await next.services.submissions.list({ userId: bo.id }))[0]).toMatchObject({ penaltyPercent: 100, finalPoints: 0, points: 10 });
      const staff = next.staff('Csv Staff 2');
      const rows = csvTable((await request(next.app).get('/api/staff/grades.csv').set(staff.auth).expect(200)).text);
      expect(rows.find((row) => row.name === 'Bo')).toMatchObject({
        'sentiment (10)': '0',
        'sentiment raw': '10',
        'sentiment penalty %': '100',
        'sentiment late': 'late',
      });
      // Ada: the last submission (made late, on time under her extension) now counts.
      expect(rows.find((row) => row.name === 'Ada')).toMatchObject({ 'sentiment (10)': '10', 'sentiment late': '' });
    } finally {
      await next.stop();
    }
  });
});
