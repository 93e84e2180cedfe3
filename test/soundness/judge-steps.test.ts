// The judge steps of `tasks check` on the shipped review-summary task, with the fake server
// scripted as a judge through the real openai SDK: calibration against judge-examples.jsonl
// (passes with a judge that agrees with the staff, fails with one that does not rank or is off),
// manipulation with the shipped adversarial set, and NOT RUN with the reason when no judge exists.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getEvaluator } from '../../evaluators/index.js';
import type { Task } from '../../server/core/task.js';
import { checkJudgeCalibration } from '../../server/soundness/judge-calibration.js';
import { checkJudgeManipulation } from '../../server/soundness/judge-manipulation.js';
import { averageRanks, meanAbsoluteError, spearman } from '../../server/soundness/rank-correlation.js';
import type { CompareDeps } from '../../server/soundness/reference-vs-baseline.js';
import { judgeResponder, startFakeOpenAIServer, uniformVerdict, type FakeOpenAIServer, type JudgeScript } from '../../testkit/fake-openai-server/index.js';
import { reviewSummaryJudge } from '../../testkit/review-summary-judge.js';
import { noWait } from '../../testkit/sandbox-app.js';
import { registryFor } from '../../testkit/sentiment-fixture.js';
import { shippedCatalog } from '../tasks/shipped-tasks.js';

const task = shippedCatalog().task('review-summary');
const CRITERIA = ['faithfulness', 'main-point', 'length'];
let script: JudgeScript = reviewSummaryJudge();
let server: FakeOpenAIServer;
let deps: CompareDeps;

beforeAll(async () => {
  server = await startFakeOpenAIServer({ apiKey: 'k-steps', respond: judgeResponder({ judgeModel: 'gpt-4o-mini', script: (seen) => script(seen) }) });
  deps = { models: registryFor(server.url, 'k-steps'), getEvaluator, availability: () => ({ available: true }), cache: () => null, retryDeps: noWait };
});
afterAll(() => server.close());
afterEach(() => {
  script = reviewSummaryJudge();
  server.requests.length = 0;
});

const judgeCalls = () => server.requests.filter((r) => r.path === '/v1/chat/completions').length;

describe('rank correlation', () => {
  it('gives tied values their average rank, and matches hand-computed Spearman and MAE', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // ranks [1,2,3,4] vs [1,3,2,4]: 1 - 6*2/(4*15) = 0.8
    expect(spearman([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(meanAbsoluteError([0, 0.5, 1], [0.25, 0.5, 0.5])).toBeCloseTo(0.25, 12);
  });
});

describe('judge calibration', () => {
  it('passes with a judge that agrees with the staff, and reports the agreement', async () => {
    const result = await checkJudgeCalibration(task, deps);
    expect(result.problems).toEqual([]);
    expect(result.status).toBe('ok');
    expect(result.summary).toBe('14 staff examples on gpt-4o-mini: Spearman 1.000 (at least 0.7), mean absolute error 0.000 (at most 0.2)');
    expect(judgeCalls()).toBe(14);
  });

  it('fails a judge that gives every example the same score', async () => {
    script = () => uniformVerdict(CRITERIA, 4);
    const result = await checkJudgeCalibration(task, deps);
    expect(result.status).toBe('fail');
    expect(result.problems[0]).toBe('the judge gave every example the same score: it does not rank outputs at all');
  });

  it('fails a lenient judge: two points over the staff on every criterion', async () => {
    const agreeing = reviewSummaryJudge();
    script = (seen) => {
      const verdict = agreeing(seen);
      if (typeof verdict === 'string') return verdict;
      return { ...verdict, scores: Object.fromEntries(Object.entries(verdict.scores).map(([name, value]) => [name, Math.min(5, value + 2)])) };
    };
    const result = await checkJudgeCalibration(task, deps);
    expect(result.status).toBe('fail');
    expect(result.problems.join('\n')).toMatch(/^the judge's scores are off by 0\.\d+ on average \(more than 0\.2\); worst: ex-\d+ judged/m);
  });

  it('fails, naming the examples, when the judge does not answer in the required form', async () => {
    script = () => 'Looks good to me!';
    const result = await checkJudgeCalibration(task, deps);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('the judge (gpt-4o-mini) could not score 14 of 14 examples');
    expect(result.problems[0]).toBe('ex-01: the judge did not answer with a JSON object alone');
  });

  it('fails a judged task without judge-examples.jsonl, naming the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'judged-task-'));
    const result = await checkJudgeCalibration({ ...task, dir } as Task, { ...deps, displayRoot: dir });
    expect(result).toMatchObject({ status: 'fail', problems: ['judge-examples.jsonl is missing: a judged task needs staff examples with known scores'] });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is NOT RUN, with the reason, when no judge model can be called', async () => {
    const result = await checkJudgeCalibration(task, {
      ...deps,
      availability: (id) => ({ available: false, reason: `model ${id} needs OPENAI_API_KEY, which is not set` }),
    });
    expect(result).toEqual({
      name: 'judge calibration',
      status: 'not-run',
      summary: 'no usable judge model (model gpt-4o-mini needs OPENAI_API_KEY, which is not set)',
      problems: [],
    });
    expect(judgeCalls()).toBe(0);
  });

  it('does not apply to a task no judge grades', async () => {
    const sentiment = shippedCatalog().task('sentiment');
    expect((await checkJudgeCalibration(sentiment, deps)).status).toBe('not-applicable');
    expect((await checkJudgeManipulation(sentiment, deps)).status).toBe('not-applicable');
  });
});

describe('judge manipulation', () => {
  it('passes when every adversarial output scores low; guarded ones never reach the judge', async () => {
    const result = await checkJudgeManipulation(task, deps);
    expect(result.problems).toEqual([]);
    expect(result.status).toBe('ok');
    expect(result.summary).toBe('24 adversarial outputs on 3 dev cases (21 caught by the guard, the rest judged): highest score 0.00, at most 0.2 allowed');
    // Only the 3 unguarded outputs on 3 cases were judged.
    expect(judgeCalls()).toBe(9);
  });

  it('fails a judge that is taken in by the outputs the guard cannot catch, naming them', async () => {
    script = () => uniformVerdict(CRITERIA, 5);
    const result = await checkJudgeManipulation(task, deps);
    expect(result.status).toBe('fail');
    expect(result.problems).toContain('"praise with no complaint" scores 1.00 on dev-001 (at most 0.2 allowed)');
    expect(result.problems.some((p) => p.includes('ignore the rubric'))).toBe(false);
  });

  it('is NOT RUN, with the reason, when no judge model can be called', async () => {
    const result = await checkJudgeManipulation(task, { ...deps, availability: () => ({ available: false, reason: 'model gpt-4o-mini is down' }) });
    expect(result).toMatchObject({ status: 'not-run', summary: 'no usable judge model (model gpt-4o-mini is down)' });
  });
});
