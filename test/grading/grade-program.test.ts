// The grading engine end to end over HTTP: the real `openai` SDK talks to the fake
// OpenAI-compatible server on 127.0.0.1, responses are cached in a real SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getEvaluator } from '../../evaluators/index.js';
import { Cancelled, ProgramError } from '../../server/core/errors.js';
import { redactHidden, type GradeReport } from '../../server/core/grade-report.js';
import { gradeProgram, type GradeProgress } from '../../server/grading/grade-program.js';
import { openDatabase } from '../../server/storage/open-database.js';
import { createSqliteResponseCache } from '../../server/storage/response-cache.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { chatProgram, loadFixtureTask, registryFor, sentimentOracle } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
// Two positive reviews read as negative and two negative as positive: per-class F1 = 9/11 each.
const wrongOn = new Set([
  'The battery lasts two full days and the screen is gorgeous.',
  'Best pizza I have had in years, and the staff were lovely.',
  'It stopped charging after a week. Waste of money.',
  'The plot dragged and I checked my phone every ten minutes.',
]);
const noWait = { sleep: async () => {}, random: () => 0.5 };

let server: FakeOpenAIServer;
let tmp: string;

beforeAll(async () => {
  server = await startFakeOpenAIServer({ apiKey: 'k-test', respond: sentimentOracle(task, wrongOn), slowMs: 2_000 });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grade-'));
});
afterEach(() => {
  server.faults.clear();
  server.resetStats();
});
afterAll(async () => {
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function deps(cache: ReturnType<typeof createSqliteResponseCache> | null = null, timeoutMs = 5_000) {
  return { models: registryFor(server.url, 'k-test', timeoutMs), getEvaluator, cache, retryDeps: noWait };
}

describe('gradeProgram', () => {
  it('grades the dev split: metric, points, per-case detail in order, usage', async () => {
    const progress: GradeProgress[] = [];
    const report = await gradeProgram(task, chatProgram, deps(), { split: 'dev', concurrency: 4, onProgress: (p) => progress.push(p) });
    expect(report.metric).toBeCloseTo(9 / 11, 10);
    expect(report.points).toBe(7.95); // 10 x (9/11 - 0.5) / (0.9 - 0.5)
    expect(report.counts).toEqual({ total: 22, errored: 0, correct: 18 });
    expect(report.cases.map((c) => c.caseId)).toEqual(task.dev.map((c) => c.id));
    expect(report.cases[0]).toMatchObject({
      caseId: 'dev-001',
      hidden: false,
      input: `Review: ${task.dev[0]!.inputs.review}`,
      output: 'negative',
      expected: 'positive',
      score: 0,
    });
    expect(report.cases[4]).toMatchObject({ caseId: 'dev-005', output: 'positive', score: 1, predicted: 'positive' });
    expect(report.confusion).toEqual({
      labels: ['positive', 'negative'],
      matrix: [
        [9, 2, 0],
        [2, 9, 0],
      ],
    });
    expect(report.evaluators).toEqual([{ name: 'label', weight: 1, mean: 18 / 22, passed: 18, scored: 22, unscorable: 0 }]);
    expect(report.usage.modelCalls).toBe(22);
    expect(report.usage.completionTokens).toBe(22);
    expect(progress.at(-1)).toEqual({ phase: 'done', done: 22, total: 22, errored: 0 });
    expect(progress.filter((p) => p.phase === 'running').map((p) => p.done)).toEqual([...Array(23).keys()]);
  });

  it('hidden test cases carry the hidden flag and no input text', async () => {
    const report = await gradeProgram(task, chatProgram, deps(), { split: 'test' });
    expect(report.cases).toHaveLength(32);
    expect(report.cases.every((c) => c.hidden && c.input === '')).toBe(true);
    expect(report.metric).toBe(1);
    expect(report.points).toBe(10);
  });

  it('with includeDev, dev cases come in detail while metric and points stay on the hidden split', async () => {
    const progress: GradeProgress[] = [];
    const report = await gradeProgram(task, chatProgram, deps(), { split: 'test', includeDev: true, onProgress: (p) => progress.push(p) });
    expect(report.cases.map((c) => c.hidden)).toEqual([...task.dev.map(() => false), ...task.test.map(() => true)]);
    expect(report.metric).toBe(1);
    expect(report.counts).toEqual({ total: 32, errored: 0, correct: 32 });
    expect(report.dev).toEqual({ metric: 9 / 11, total: 22, correct: 18, errored: 0 });
    expect(report.confusion?.matrix).toEqual([
      [16, 0, 0],
      [0, 16, 0],
    ]);
    expect(redactHidden(report).cases.map((c) => c.caseId)).toEqual(task.dev.map((c) => c.id));
    expect(progress.at(-1)).toEqual({ phase: 'done', done: 54, total: 54, errored: 0 });
  });

  it('without keeping hidden cases, the report lists only the visible ones and every figure is the same', async () => {
    const figures = (report: GradeReport) => {
      const { metric, points, counts, dev, confusion, evaluators, usage } = report;
      return { metric, points, counts, dev, confusion, evaluators, usage };
    };
    const visible = (report: GradeReport) => report.cases.filter((c) => !c.hidden).map((c) => ({ ...c, latencyMs: 0 }));
    // The first hidden case fails for good (three 500s), so the errored count is tallied too.
    const grade = (options: { includeDev: boolean; keepHiddenCases: boolean }) => {
      server.faults.queue('500', 3);
      return gradeProgram(task, chatProgram, deps(), { split: 'test', concurrency: 1, retry: { maxAttempts: 3 }, ...options });
    };
    const kept = await grade({ includeDev: false, keepHiddenCases: true });
    const lean = await grade({ includeDev: false, keepHiddenCases: false });
    expect(kept.counts).toEqual({ total: 32, errored: 1, correct: 31 });
    expect(figures(lean)).toEqual(figures(kept));
    expect(lean.cases).toEqual([]);

    const keptWithDev = await grade({ includeDev: true, keepHiddenCases: true });
    const leanWithDev = await grade({ includeDev: true, keepHiddenCases: false });
    expect(figures(leanWithDev)).toEqual(figures(keptWithDev));
    expect(leanWithDev.cases.map((c) => c.caseId)).toEqual(task.dev.map((c) => c.id));
    expect(visible(leanWithDev)).toEqual(visible(keptWithDev));
  });

  it('a regrade from the SQLite cache makes no model call and gives the same report', async () => {
    const db = openDatabase(path.join(tmp, 'cache.db'));
    const cache = createSqliteResponseCache(db);
    const first = await gradeProgram(task, chatProgram, deps(cache), { split: 'dev' });
    const callsAfterFirst = server.stats().byPath['/v1/chat/completions'];
    const second = await gradeProgram(task, chatProgram, deps(cache), { split: 'dev' });
    expect(callsAfterFirst).toBe(22);
    expect(server.stats().byPath['/v1/chat/completions']).toBe(22);
    expect(second.usage).toMatchObject({ modelCalls: 0, cacheHits: 22 });
    expect(second.cases.map((c) => c.output)).toEqual(first.cases.map((c) => c.output));
    expect(second.metric).toBe(first.metric);
    // A changed request (another instruction) is a different cache key.
    const third = await gradeProgram(task, { ...chatProgram, instruction: 'Positive or negative?' }, deps(cache), { split: 'dev' });
    expect(third.usage.modelCalls).toBe(22);
    db.close();
  });

  it('cache scopes: grading answers are reused for the same program only, and never in a student scope', async () => {
    const db = openDatabase(path.join(tmp, 'scopes.db'));
    const cache = createSqliteResponseCache(db);
    await gradeProgram(task, chatProgram, deps(cache), { split: 'dev' });
    // Same requests, another program (only how the answer is read differs): grading's scope is per program.
    const sameRequests = { ...chatProgram, answer: { mode: 'generate', extract: '(\\w+)', labels: chatProgram.answer.labels } };
    expect((await gradeProgram(task, sameRequests, deps(cache), { split: 'dev' })).usage).toMatchObject({ modelCalls: 22, cacheHits: 0 });
    // A student's dev run of the very same program has its own scope, then reuses its own answers.
    const student = { ...deps(cache), cacheScope: 'student:u_1' };
    expect((await gradeProgram(task, chatProgram, student, { split: 'dev' })).usage).toMatchObject({ modelCalls: 22, cacheHits: 0 });
    expect((await gradeProgram(task, chatProgram, student, { split: 'dev' })).usage).toMatchObject({ modelCalls: 0, cacheHits: 22 });
    expect((await gradeProgram(task, chatProgram, { ...deps(cache), cacheScope: 'student:u_2' }, { split: 'dev' })).usage.cacheHits).toBe(0);
    db.close();
  });

  it('with 30% of requests failing transiently, the grade equals the fault-free grade', async () => {
    const clean = await gradeProgram(task, chatProgram, deps(), { split: 'test', concurrency: 8 });
    server.faults.random({ rate: 0.3, seed: 7, kinds: [{ kind: '429', retryAfter: '0' }, '500', '503', 'drop', 'malformed'] });
    const faulty = await gradeProgram(task, chatProgram, deps(), { split: 'test', concurrency: 8, retry: { maxAttempts: 12 } });
    expect(server.stats().faultsInjected).toBeGreaterThan(5);
    expect(faulty.counts.errored).toBe(0);
    expect(faulty.cases.map((c) => [c.caseId, c.output])).toEqual(clean.cases.map((c) => [c.caseId, c.output]));
    expect(faulty.metric).toBe(clean.metric);
    expect(faulty.points).toBe(clean.points);
    expect(Math.max(...faulty.cases.map((c) => c.attempts))).toBeGreaterThan(1);
  });

  it('a case that keeps failing is reported as errored, counts as wrong, and the run goes on', async () => {
    server.faults.queue('500', 3);
    const report = await gradeProgram(task, chatProgram, deps(), { split: 'dev', concurrency: 1, retry: { maxAttempts: 3 } });
    expect(report.cases[0]).toMatchObject({ caseId: 'dev-001', attempts: 3, score: null, output: '' });
    expect(report.cases[0]!.error).toMatch(/500/);
    expect(report.cases.slice(1).every((c) => !c.error)).toBe(true);
    expect(report.counts.errored).toBe(1);
    // dev-001 was already wrong in the fault-free run; errored it still counts as wrong.
    expect(report.counts.correct).toBe(18);
  });

  it('does not retry a request the provider rejects for good', async () => {
    server.faults.queue({ kind: 'status', status: 400, message: 'bad request on purpose' }, 1);
    const report = await gradeProgram(task, chatProgram, deps(), { split: 'dev', concurrency: 1 });
    expect(report.cases[0]).toMatchObject({ attempts: 1 });
    // Said by its kind and status only: a provider's own text can carry its address (case-error-text.ts).
    expect(report.cases[0]!.error).toBe('the model provider failed (HTTP 400); try again');
  });

  it('times out a slow response and retries it', async () => {
    server.faults.queue({ kind: 'slow', ms: 1_500 }, 1);
    const report = await gradeProgram(task, chatProgram, deps(null), { split: 'dev', concurrency: 1, timeoutMs: 300 });
    expect(report.counts.errored).toBe(0);
    expect(report.cases[0]!.attempts).toBe(2);
  });

  it('stops when cancelled', async () => {
    server.setLatencyMs(50);
    const controller = new AbortController();
    const run = gradeProgram(task, chatProgram, deps(), {
      split: 'test',
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => p.done === 4 && controller.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(Cancelled);
    server.setLatencyMs(0);
    expect(server.stats().byPath['/v1/chat/completions']).toBeLessThan(12);
  });

  it('scores choices on a base model by log-likelihood (echo logprobs)', async () => {
    const program = {
      ...chatProgram,
      model: 'davinci-002',
      style: 'completion',
      template: { input: 'Review: {input}', output: 'Sentiment: {output}' },
      answer: { mode: 'score-choices', labels: { positive: ['positive'], negative: ['negative'] } },
    };
    const report = await gradeProgram(task, program, deps(), { split: 'dev' });
    expect(report.metric).toBeCloseTo(9 / 11, 10);
    expect(report.cases[4]).toMatchObject({ output: 'positive', ranking: ['positive', 'negative'] });
    const echo = server.requests.find((r) => r.path === '/v1/completions');
    expect(echo?.body).toMatchObject({ echo: true, max_tokens: 0 });
  });
});

describe('programs the grader refuses', () => {
  it('rejects a model the task does not allow', async () => {
    await expect(gradeProgram(task, { ...chatProgram, model: 'gpt-17' }, deps(), { split: 'dev' })).rejects.toThrow(
      /model "gpt-17" is not allowed on this task; choose one of gpt-4o-mini/,
    );
  });

  it('rejects a program over the prompt-token limit with one message about dev inputs, never about hidden cases', async () => {
    const long = { ...chatProgram, instruction: 'Think about it. '.repeat(300) };
    const error = await gradeProgram(task, long, deps(), { split: 'test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProgramError);
    expect((error as Error).message).toMatch(/^your prompt is too long: with the longest dev input it has \d+ tokens; this task allows at most 1024\. Shorten/);
    expect((error as Error).message).not.toMatch(/hidden|test-0/);
    expect(server.stats().requests).toBe(0);
  });

  it('explains schema problems with their place', async () => {
    const error = await gradeProgram(task, { ...chatProgram, decoding: { temperature: 'hot' }, extra: 1 }, deps(), { split: 'dev' }).catch((e: unknown) => e);
    expect((error as ProgramError).problems).toEqual(expect.arrayContaining([expect.stringMatching(/^decoding\.temperature: /), 'unknown key "extra"']));
  });
});
