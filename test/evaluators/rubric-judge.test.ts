// rubric-judge against the fake OpenAI-compatible server scripted as a judge, through the real
// openai SDK, the real model caller, and the response cache and usage ledger on a real SQLite file:
// strict parsing of the judge's answer, judge errors that are nobody's grade, caching, and the
// judge's usage logged as the course's, never charged to the student.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rubricJudge } from '../../evaluators/rubric-judge.js';
import type { Judge } from '../../server/core/judge.js';
import type { TaskCase } from '../../server/core/task.js';
import { createJudge } from '../../server/grading/create-judge.js';
import { isJudgeError } from '../../server/grading/score-case.js';
import { defaultRetryPolicy } from '../../server/grading/retry.js';
import { judgeResponder, startFakeOpenAIServer, uniformVerdict, type FakeOpenAIServer, type JudgeScript } from '../../testkit/fake-openai-server/index.js';
import { noWait, createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';
import { registryFor } from '../../testkit/sentiment-fixture.js';

const JUDGE = 'gpt-4o-mini';
const CRITERIA = ['faithfulness', 'main-point', 'length'];
const params = rubricJudge.params.parse({
  model: JUDGE,
  goal: 'Summarise the review in one sentence that keeps its main complaint, under 25 words.',
  criteria: CRITERIA.map((name) => ({ name, description: `the ${name} criterion` })),
  reference: 'summary',
});
const review: TaskCase = {
  id: 'dev-001',
  split: 'dev',
  inputs: { review: 'The kettle boils fast, but after a month the lid hinge snapped and now it will not close.' },
  expected: 'The lid hinge snapped after a month, so the kettle no longer closes.',
  extra: { summary: 'The lid hinge snapped after a month, so the kettle no longer closes.' },
};

let script: JudgeScript = () => uniformVerdict(CRITERIA, 5);
let server: FakeOpenAIServer;
let sandbox: TestSandbox;

beforeAll(async () => {
  server = await startFakeOpenAIServer({ apiKey: 'k-judge', respond: judgeResponder({ judgeModel: JUDGE, script: (seen) => script(seen) }) });
  sandbox = await createTestSandbox({ baseURL: server.url, apiKey: 'k-judge', startQueue: false });
});
afterAll(async () => {
  await sandbox.stop();
  await server.close();
});
afterEach(() => {
  server.resetStats();
  server.requests.length = 0;
  server.faults.clear();
  script = () => uniformVerdict(CRITERIA, 5);
});

function judgeFor(scope: string, meterFor?: (model: string) => ReturnType<TestSandbox['services']['judgeMeterFor']>): Judge {
  return createJudge({
    models: registryFor(server.url, 'k-judge'),
    cache: sandbox.appDeps.cache,
    cacheScope: scope,
    ...(meterFor ? { meterFor } : {}),
    timeoutMs: 5_000,
    retry: { ...defaultRetryPolicy, maxAttempts: 2 },
    retryDeps: noWait,
  });
}

const score = (output: string, judge: Judge | undefined, testCase: TaskCase = review) =>
  rubricJudge.score({ output, expected: testCase.expected, case: testCase, params, ...(judge ? { judge } : {}) });

const judgeRequests = () => server.requests.filter((r) => r.path === '/v1/chat/completions');

describe('rubric-judge with a scripted judge', () => {
  it('maps the criteria from the scale to 0..1 and keeps what the judge saw and said', async () => {
    script = () => ({ scores: { faithfulness: 5, 'main-point': 3, length: 1 }, reason: 'Faithful, but long.' });
    const result = await score('The lid hinge broke after a month.', judgeFor('t-map'));
    // (1 + 0.5 + 0) / 3
    expect(result.score).toBeCloseTo(0.5, 10);
    expect(result.details).toMatchObject({ criteria: { faithfulness: 5, 'main-point': 3, length: 1 }, reason: 'Faithful, but long.' });
    const judge = result.details!.judge as { model: string; prompt: { role: string; content: string }[]; answer: string };
    expect(judge.model).toBe(JUDGE);
    expect(judge.answer).toBe('{"scores":{"faithfulness":5,"main-point":3,"length":1},"reason":"Faithful, but long."}');
    // Exactly the messages the server received.
    expect(judgeRequests()).toHaveLength(1);
    expect(judgeRequests()[0]!.body.messages).toEqual(judge.prompt);
    expect(judgeRequests()[0]!.body.temperature).toBe(0);
  });

  it('passes the output, the input and the reference as delimited data the judge can read back', async () => {
    let seen: Parameters<JudgeScript>[0] | null = null;
    script = (s) => {
      seen = s;
      return uniformVerdict(CRITERIA, 4);
    };
    await score('It "broke" \\ after <a> month & more', judgeFor('t-read'));
    expect(seen).toMatchObject({ output: 'It "broke" \\ after <a> month & more', input: review.inputs.review, reference: review.extra.summary });
  });

  it.each([
    ['prose around the JSON', 'Here is my verdict: {"scores":{"faithfulness":5,"main-point":5,"length":5},"reason":"ok"}', /JSON object alone/],
    ['a code fence', '```json\n{"scores":{"faithfulness":5,"main-point":5,"length":5},"reason":"ok"}\n```', /JSON object alone/],
    ['malformed JSON', '{"scores": {"faithfulness": 5,}', /malformed JSON/],
    ['a missing criterion', '{"scores":{"faithfulness":5,"main-point":5},"reason":"ok"}', /scores\.length/],
    ['an extra criterion', '{"scores":{"faithfulness":5,"main-point":5,"length":5,"style":5},"reason":"ok"}', /scores/],
    ['a score off the scale', '{"scores":{"faithfulness":6,"main-point":5,"length":5},"reason":"ok"}', /scores\.faithfulness/],
    ['a fractional score', '{"scores":{"faithfulness":4.5,"main-point":5,"length":5},"reason":"ok"}', /scores\.faithfulness/],
    ['no reason', '{"scores":{"faithfulness":5,"main-point":5,"length":5}}', /reason/],
    ['a bare number', '5', /JSON object alone/],
  ])('refuses %s as a judge error: unscored, not the student’s fault', async (_what, answer, problem) => {
    script = () => answer;
    const result = await score('The lid hinge broke after a month.', judgeFor('t-strict'));
    expect(result.score).toBeNull();
    expect(isJudgeError(result)).toBe(true);
    expect(result.details!.judgeError).toMatch(problem);
    expect(result.details!.notYourFault).toMatch(/not your program’s fault/);
    expect(result.details!.notYourFaultSaid).toEqual({ code: 'judge.not_your_fault', params: {} });
    // What the judge said is kept for staff.
    expect((result.details!.judge as { answer: string }).answer).toBe(answer);
  });

  it('reports a judge the server refuses, and an unknown judge model, as judge errors', async () => {
    server.faults.queue({ kind: 'status', status: 400, message: 'bad request' });
    const refused = await score('The lid hinge broke after a month.', judgeFor('t-refused'));
    expect(refused.score).toBeNull();
    expect(refused.details!.judgeError).toMatch(/^the judge model gpt-4o-mini did not answer: .*bad request/);

    const unknown = await rubricJudge.score({
      output: 'The lid hinge broke.',
      expected: review.expected,
      case: review,
      params: { ...params, model: 'no-such-model' },
      judge: judgeFor('t-unknown'),
    });
    expect(unknown.score).toBeNull();
    expect(unknown.details!.judgeError).toMatch(/^the judge model no-such-model cannot be used: /);
  });

  it('stops asking an unreachable judge model for the rest of the run: one failure, then the same reason at once', async () => {
    server.faults.queue({ kind: 'drop' }, 2);
    const judge = judgeFor('t-down');
    const first = await score('The lid hinge broke after a month.', judge);
    expect(first.details!.judgeError).toMatch(/^the judge model gpt-4o-mini did not answer: /);
    const asked = judgeRequests().length;
    expect(asked).toBe(2);
    const second = await score('Another output entirely.', judge);
    expect(second.details!.judgeError).toBe(first.details!.judgeError);
    expect(judgeRequests()).toHaveLength(asked);
    // A new run (a new judge) tries again.
    expect((await score('Another output entirely.', judgeFor('t-down'))).score).toBe(1);
  });

  it('is unscored, and calls nothing, where no judge is given', async () => {
    const result = await score('The lid hinge broke after a month.', undefined);
    expect(result).toMatchObject({ score: null, details: { judgeError: 'no judge model can be called here' } });
    expect(judgeRequests()).toHaveLength(0);
  });

  it('scores an empty output 0 without asking the judge', async () => {
    expect(await score('  \n', judgeFor('t-empty'))).toEqual({
      name: 'rubric-judge',
      score: 0,
      details: { reason: 'the output is empty', reasonSaid: { code: 'judge.output_empty', params: {} } },
    });
    expect(judgeRequests()).toHaveLength(0);
  });

  it('caches judge answers in its scope: the same output is judged once, another scope asks again', async () => {
    let calls = 0;
    script = () => {
      calls++;
      return uniformVerdict(CRITERIA, 4);
    };
    const first = await score('The hinge snapped after a month.', judgeFor('t-cache'));
    const again = await score('The hinge snapped after a month.', judgeFor('t-cache'));
    expect(again).toEqual(first);
    expect(calls).toBe(1);
    await score('The hinge snapped after a month.', judgeFor('t-cache-other'));
    expect(calls).toBe(2);
    // An unusable answer is never cached: the judge is asked again next time.
    script = () => 'not json';
    expect((await score('A new output.', judgeFor('t-cache'))).score).toBeNull();
    script = () => uniformVerdict(CRITERIA, 2);
    expect((await score('A new output.', judgeFor('t-cache'))).score).toBeCloseTo(0.25, 10);
  });

  it('logs the judge’s calls as the course’s: never charged to the student whose output is judged', async () => {
    const student = sandbox.student('Judged Student');
    const before = await sandbox.services.ledger.usage(student.user.id, 'early');
    const judge = judgeFor('t-charge', (model) => sandbox.services.judgeMeterFor(student.user.id, 'early', model));
    await score('The lid hinge snapped after a month.', judge);
    await score('The lid hinge snapped after a month.', judge);
    expect(await sandbox.services.ledger.usage(student.user.id, 'early')).toEqual(before);
    const rows = sandbox.db
      .prepare('SELECT source, model, charged, cache_hit AS cacheHit, prompt_tokens AS promptTokens FROM model_calls WHERE user_id = ? ORDER BY id')
      .all(student.user.id) as { source: string; model: string; charged: number; cacheHit: number; promptTokens: number }[];
    expect(rows.map(({ source, model, charged, cacheHit }) => ({ source, model, charged, cacheHit }))).toEqual([
      { source: 'judge', model: JUDGE, charged: 0, cacheHit: 0 },
      { source: 'judge', model: JUDGE, charged: 0, cacheHit: 1 },
    ]);
    expect(rows[0]!.promptTokens).toBeGreaterThan(50);
    // Staff usage reports count it as grading, not as the student's own spending.
    const report = (await sandbox.services.reports.byStudent()).find((row) => row.userId === student.user.id)!;
    expect(report).toMatchObject({ tokens: 0, requests: 0 });
    expect(report.gradingTokens).toBeGreaterThan(50);
  });
});
