// Study submissions over HTTP (several programs in one submission) and dev-case detail in
// students' reports: dev cases in full, hidden cases only as aggregates.
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';

const sentiment = loadFixtureTask('sentiment');
let fake: FakeOpenAIServer;
const open: TestSandbox[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-study', respond: sentimentOracle(sentiment, new Set()) });
});
afterEach(async () => {
  for (const sandbox of open.splice(0)) await sandbox.stop();
});
afterAll(() => fake.close());

async function sandbox() {
  const created = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-study' });
  open.push(created);
  return created;
}

const variant = (name: string, instruction: string) => ({ name, program: { ...chatProgram, task: undefined, instruction } });
const study = {
  kind: 'study',
  variants: [variant('a', 'Positive or negative?'), variant('b', 'Label the sentiment.'), variant('c', 'Classify the review.')],
  reflection: 'All three prompts agreed on every review.',
};

describe('study submissions', () => {
  it('the public task says it is a study; a study is accepted, graded, and its report compares the variants', async () => {
    const app = await sandbox();
    const student = app.student();
    const task = await request(app.app).get('/api/tasks/sentiment-study').set(student.auth).expect(200);
    expect(task.body.task.study).toMatchObject({ variants: { min: 3, max: 3 }, sameModel: true });

    const submitted = await request(app.app).post('/api/submissions').set(student.auth).send({ taskId: 'sentiment-study', program: study }).expect(202);
    expect(submitted.body.submission).toMatchObject({ taskId: 'sentiment-study', model: 'gpt-4o-mini', status: 'queued' });
    await app.services.queue.idle();
    const detail = await request(app.app).get(`/api/submissions/${submitted.body.submission.id}`).set(student.auth).expect(200);
    expect(detail.body.submission.status).toBe('graded');
    expect(detail.body.report.study.variants.map((v: { name: string; metric: number }) => [v.name, v.metric])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
    expect(detail.body.report.study.completeness.score).toBe(1);
    expect(detail.body.report.points).toBe(10);
  });

  it('refuses a single program on a study task and a broken variant before it uses a submission', async () => {
    const app = await sandbox();
    const student = app.student();
    const single = await request(app.app).post('/api/submissions').set(student.auth).send({ taskId: 'sentiment-study', program: chatProgram });
    expect(single.status).toBe(422);
    expect(single.body.error.message).toMatch(/takes a study/);
    const broken = { ...study, variants: [variant('a', 'x'), { name: 'b', program: { ...chatProgram, task: undefined, model: 'gpt-17' } }] };
    const refused = await request(app.app).post('/api/submissions').set(student.auth).send({ taskId: 'sentiment-study', program: broken });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/^variant "b": model "gpt-17" is not allowed on this task/);
    const list = await request(app.app).get('/api/submissions?taskId=sentiment-study').set(student.auth).expect(200);
    expect(list.body.submissions).toEqual([]);
  });
});

describe('a student report', () => {
  it('has every dev case in detail and the hidden cases only as aggregates', async () => {
    const app = await sandbox();
    const student = app.student();
    const submitted = await request(app.app).post('/api/submissions').set(student.auth).send({ taskId: 'sentiment', program: chatProgram }).expect(202);
    await app.services.queue.idle();
    const detail = await request(app.app).get(`/api/submissions/${submitted.body.submission.id}`).set(student.auth).expect(200);
    const report = detail.body.report;
    expect(report.cases.map((c: { caseId: string }) => c.caseId)).toEqual(sentiment.dev.map((c) => c.id));
    expect(report.cases.every((c: { hidden: boolean; input: string }) => !c.hidden && c.input.startsWith('Review: '))).toBe(true);
    expect(report.counts).toEqual({ total: sentiment.test.length, errored: 0, correct: sentiment.test.length });
    expect(report.dev).toEqual({ metric: 1, total: sentiment.dev.length, correct: sentiment.dev.length, errored: 0 });
    const body = JSON.stringify(detail.body);
    for (const hidden of sentiment.test) expect(body).not.toContain(hidden.inputs.review);
  });
});
