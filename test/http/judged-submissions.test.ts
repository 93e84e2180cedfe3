// A submission to a judged task (the shipped review-summary) through the real server: the queue
// grades it with the fake server scripted as the judge. What the judge saw and said is stored in
// the report (staff see it for every case, the student only for dev cases), a staff re-grade gets
// the judge's exact earlier answers from the cache, the judge's calls are the course's (logged,
// never charged to the student), and a judge that fails is an infrastructure failure that does
// not count against the student.
import path from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { judgeResponder, startFakeOpenAIServer, type FakeOpenAIServer, type JudgeScript } from '../../testkit/fake-openai-server/index.js';
import { REVIEW_SUMMARY_DIR, reviewSummaryJudge, reviewSummaryStudent } from '../../testkit/review-summary-judge.js';
import { createTestSandbox, parseSse, type TestSandbox } from '../../testkit/sandbox-app.js';
import { repoRoot } from '../../testkit/sentiment-fixture.js';

const reference = JSON.parse(fs.readFileSync(path.join(REVIEW_SUMMARY_DIR, 'reference.json'), 'utf8'));
let script: JudgeScript = reviewSummaryJudge();
let fake: FakeOpenAIServer;
let sandbox: TestSandbox;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({
    apiKey: 'k-judged-sub',
    respond: judgeResponder({ judgeModel: 'gpt-4o-mini', script: (seen) => script(seen), otherwise: reviewSummaryStudent() }),
  });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-judged-sub', tasksDir: path.join(repoRoot, 'tasks'), gradingMaxAttempts: 2 });
});
afterEach(() => {
  script = reviewSummaryJudge();
});
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

const judgeCalls = () => fake.requests.filter((r) => r.path === '/v1/chat/completions' && JSON.stringify(r.body).includes('student_output')).length;
type JudgeDetails = { model: string; prompt: { role: string; content: string }[]; answer: string };

describe('a submission to a judged task', () => {
  it('stores what the judge saw and said, shows the student only dev cases, re-grades from the cache, and charges the course', async () => {
    const student = sandbox.student('Judged Ada');
    const submitted = await request(sandbox.app).post('/api/submissions').set(student.auth).send({ taskId: 'review-summary', program: reference }).expect(202);
    const id = submitted.body.submission.id as string;
    await sandbox.services.queue.idle();
    const stored = (await sandbox.services.submissions.get(id))!;
    expect(stored.status).toBe('graded');
    expect(stored.metric).toBe(1);
    expect(stored.points).toBe(10);
    const hidden = stored.report!.cases.filter((c) => c.hidden);
    expect(hidden).toHaveLength(30);
    for (const c of hidden) {
      const judge = c.scores[0]!.details!.judge as JudgeDetails;
      expect(judge.model).toBe('gpt-4o-mini');
      expect(judge.prompt.at(-1)!.content).toContain(JSON.stringify(c.output).replace(/[<>&]/g, ''));
      expect(JSON.parse(judge.answer)).toEqual({ scores: { faithfulness: 5, 'main-point': 5, length: 5 }, reason: 'worth 1' });
    }
    const judgedOnce = judgeCalls();
    expect(judgedOnce).toBe(45);

    // The student's view: dev cases with the judge's reason, no hidden case at all.
    const view = await request(sandbox.app).get(`/api/submissions/${id}`).set(student.auth).expect(200);
    expect(view.body.report.cases).toHaveLength(15);
    expect(view.body.report.cases.every((c: { hidden: boolean }) => !c.hidden)).toBe(true);
    expect(view.body.report.cases[0].scores[0].details.reason).toBe('worth 1');

    // A staff re-grade: the judge's answers come from the cache, identical.
    const staff = sandbox.staff();
    await request(sandbox.app).post(`/api/staff/submissions/${id}/regrade`).set(staff.auth).expect(202);
    await sandbox.services.queue.idle();
    const regraded = (await sandbox.services.submissions.get(id))!;
    expect(regraded.gradeCount).toBe(2);
    expect(judgeCalls()).toBe(judgedOnce);
    expect(regraded.report!.cases.map((c) => c.scores)).toEqual(stored.report!.cases.map((c) => c.scores));

    // The course pays for the judge: logged as 'judge', never charged to the student.
    const rows = sandbox.db.prepare("SELECT charged, cache_hit AS cacheHit FROM model_calls WHERE user_id = ? AND source = 'judge'").all(student.user.id) as {
      charged: number;
      cacheHit: number;
    }[];
    expect(rows.filter((r) => r.cacheHit === 0)).toHaveLength(45);
    expect(rows.filter((r) => r.cacheHit === 1)).toHaveLength(45);
    expect(rows.every((r) => r.charged === 0)).toBe(true);
    expect(await sandbox.services.ledger.usage(student.user.id, 'early-assignment')).toMatchObject({ tokensUsed: 0, requestsUsed: 0 });
  });

  it('in a student’s own dev run, charges the student for their program’s calls and the course for the judge’s', async () => {
    const student = sandbox.student('Judged Cy');
    const program = { ...reference, instruction: `${reference.instruction} Keep it plain.` };
    const response = await request(sandbox.app).post('/api/run-dev').set(student.auth).send({ taskId: 'review-summary', program }).expect(200);
    const done = parseSse(response.text).find((e) => e.event === 'done')!;
    expect(done.data.report.metric).toBe(1);
    expect(done.data.report.cases[0].scores[0].details.reason).toBe('worth 1');
    const rows = sandbox.db
      .prepare('SELECT source, SUM(charged) AS charged, COUNT(*) AS calls FROM model_calls WHERE user_id = ? GROUP BY source ORDER BY source')
      .all(student.user.id);
    expect(rows).toEqual([
      { source: 'judge', charged: 0, calls: 15 },
      { source: 'run-dev', charged: 15, calls: 15 },
    ]);
    expect((await sandbox.services.ledger.usage(student.user.id, 'early-assignment')).requestsUsed).toBe(15);
  });

  it('fails as the infrastructure’s, never the student’s, when the judge cannot grade', async () => {
    script = () => 'I think this is a good summary.';
    const student = sandbox.student('Judged Bo');
    const program = { ...reference, instruction: `${reference.instruction} Be brief.` };
    const submitted = await request(sandbox.app).post('/api/submissions').set(student.auth).send({ taskId: 'review-summary', program }).expect(202);
    const id = submitted.body.submission.id as string;
    await sandbox.services.queue.idle();
    const stored = (await sandbox.services.submissions.get(id))!;
    expect(stored.status).toBe('failed');
    expect(stored.failureKind).toBe('infrastructure');
    expect(stored.failureReason).toMatch(/JudgeFailed: the judge could not grade case dev-001: the judge did not answer with a JSON object alone/);
    expect(stored.points).toBeNull();
    expect(await sandbox.services.submissions.countToday(student.user.id, 'review-summary')).toBe(0);
    const view = await request(sandbox.app).get(`/api/submissions/${id}`).set(student.auth).expect(200);
    expect(view.body.submission.error).not.toMatch(/JSON|dev-001/);
  });
});
