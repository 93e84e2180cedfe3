// Refusals from /api carry `said` (codes and parameters for the student's language) next to the
// English message: the daily submission limit, an invalid program (a code per kind of issue with
// the field's path), an unknown dev case. None of them carries a hidden case's text.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { renderSaid } from '../../server/shared/messages/render-message.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
let fake: FakeOpenAIServer;
const open: TestSandbox[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-said', respond: sentimentOracle(task, new Set()) });
});
afterEach(async () => {
  for (const sandbox of open.splice(0)) await sandbox.stop();
});
afterAll(async () => {
  await fake.close();
});

async function sandboxAt(now: number) {
  const sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-said', clock: { now: () => now } });
  open.push(sandbox);
  return sandbox;
}

/** No hidden input or expected answer appears anywhere in a refusal's body. */
function expectNoHiddenText(body: unknown) {
  const text = JSON.stringify(body);
  expect(task.test.length).toBeGreaterThan(0);
  for (const hidden of task.test) {
    for (const value of Object.values(hidden.inputs)) expect(text).not.toContain(value);
  }
}

describe('refusals carry said', () => {
  it('the daily submission limit: code, parameters, rendered in Chinese', async () => {
    const sandbox = await sandboxAt(Date.parse('2026-03-02T21:30:00Z'));
    const student = sandbox.student();
    const submit = () => request(sandbox.app).post('/api/submissions').set(student.auth).send({ taskId: 'sentiment', program: chatProgram });
    for (let i = 0; i < task.submissions.perDay; i++) await submit().expect(202);
    const refused = await submit();
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/^you have used all 10 submissions/);
    expect(refused.body.error.said).toEqual([
      { code: 'limit.daily_submissions', params: { perDay: 10, task: 'Sentiment of short reviews', resetsAt: '2026-03-03T00:00:00.000Z' } },
    ]);
    expect(renderSaid(refused.body.error.said, 'zh-CN', { timeZone: 'Asia/Shanghai' })).toEqual([
      expect.stringMatching(/^“Sentiment of short reviews”今天的 10 次提交机会已经用完，下次可在 2026年3月3日.*08:00 提交。/),
    ]);
    expectNoHiddenText(refused.body);
    await sandbox.services.queue.idle();
  });

  it('an invalid program: one code per issue with the path', async () => {
    const sandbox = await sandboxAt(Date.now());
    const student = sandbox.student();
    const refused = await request(sandbox.app)
      .post('/api/submissions')
      .set(student.auth)
      .send({ taskId: 'sentiment', program: { ...chatProgram, decoding: { temperature: 'hot' }, extra: 1 } });
    expect(refused.status).toBe(422);
    const said = refused.body.error.said as { code: string; params: Record<string, unknown> }[];
    expect(said).toContainEqual({ code: 'program.invalid_type', params: { path: 'decoding.temperature', expected: 'number' } });
    expect(said).toContainEqual({ code: 'program.unknown_keys', params: { path: '(program)', keys: '"extra"' } });
    expectNoHiddenText(refused.body);
  });

  it('an unknown dev case (even a hidden case id) is said without any case text', async () => {
    const sandbox = await sandboxAt(Date.now());
    const student = sandbox.student();
    const hiddenId = task.test[0]!.id;
    const refused = await request(sandbox.app)
      .post('/api/run')
      .set(student.auth)
      .send({ taskId: 'sentiment', program: chatProgram, case: { caseId: hiddenId } });
    expect(refused.status).toBe(404);
    // The asked id is not echoed in the parameters (the English message has always quoted it escaped).
    expect(refused.body.error.said).toEqual([{ code: 'not_found.dev_case', params: { task: 'sentiment' } }]);
    expect(JSON.stringify(refused.body.error.said)).not.toContain(hiddenId);
    expectNoHiddenText(refused.body);
  });

  it('the program preview says each problem by code, one per problem', async () => {
    const sandbox = await sandboxAt(Date.now());
    const student = sandbox.student();
    const preview = await request(sandbox.app)
      .post('/api/render')
      .set(student.auth)
      .send({ taskId: 'sentiment', program: { ...chatProgram, model: 'babbage-003', decoding: { maxTokens: 500 } } });
    expect(preview.status).toBe(200);
    expect(preview.body.problemsSaid).toHaveLength(preview.body.problems.length);
    expect(preview.body.problemsSaid).toEqual([
      { code: 'program.model_not_allowed', params: { model: 'babbage-003', models: task.models.join(', ') } },
      { code: 'program.max_tokens_over', params: { maxTokens: 500, max: 16 } },
    ]);
    expect(renderSaid(preview.body.problemsSaid, 'zh-CN')![1]).toBe('decoding.maxTokens 设为 500，本任务最多允许 16。');
  });
});
