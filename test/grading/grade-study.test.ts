// Study submissions (prompt development, model comparison) graded over HTTP through the real
// openai SDK and the fake OpenAI-compatible server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEvaluator } from '../../evaluators/index.js';
import { ProgramError } from '../../server/core/errors.js';
import { gradeSubmission } from '../../server/grading/grade-submission.js';
import { toGradescopeResults } from '../../server/grading/gradescope.js';
import { GradescopeResultsSchema } from '../../server/grading/gradescope-schema.js';
import { countWords } from '../../server/shared/count-words.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { chatProgram, loadFixtureTask, registryFor, sentimentOracle } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment-study');
const sentiment = loadFixtureTask('sentiment');
// The oracle answers wrongly on two reviews whenever the prompt has no few-shot examples.
const hard = ['The battery lasts two full days and the screen is gorgeous.', 'It stopped charging after a week. Waste of money.'];
let server: FakeOpenAIServer;

beforeAll(async () => {
  const right = sentimentOracle(sentiment, new Set());
  const wrong = sentimentOracle(sentiment, new Set(hard));
  server = await startFakeOpenAIServer({
    apiKey: 'k',
    respond: (request) => ((request.messages?.length ?? 0) > 2 ? right(request) : wrong(request)),
  });
});
afterAll(() => server.close());

const deps = () => ({ models: registryFor(server.url, 'k'), getEvaluator, cache: null, retryDeps: { sleep: async () => {}, random: () => 0 } });
// Variants belong to the study's task; the sentiment program's own `task` would not match.
const fewShot = { ...chatProgram, task: undefined };
const zeroShot = { ...fewShot, examples: [] };
const study = (variants: { name: string; program: object }[], reflection = 'Few-shot examples fixed the two hard reviews.') => ({
  kind: 'study',
  task: 'sentiment-study',
  variants,
  reflection,
});

describe('gradeSubmission with a study', () => {
  it("uses casesFrom: the cases are the sentiment task's", () => {
    expect(task.dev.map((c) => c.id)).toEqual(sentiment.dev.map((c) => c.id));
    expect(task.casesDir).toBe(sentiment.dir);
  });

  it('grades every variant on the same cases; best metric plus completeness make the points', async () => {
    const report = await gradeSubmission(
      task,
      study([
        { name: 'zero-shot', program: zeroShot },
        { name: 'few-shot', program: fewShot },
        { name: 'terse', program: { ...zeroShot, instruction: 'positive or negative?' } },
      ]),
      deps(),
      { split: 'dev' },
    );
    const variants = report.study!.variants;
    expect(variants.map((v) => [v.name, v.metric])).toEqual([
      ['zero-shot', (10 / 11 + 10 / 11) / 2],
      ['few-shot', 1],
      ['terse', (10 / 11 + 10 / 11) / 2],
    ]);
    expect(report.study!.bestVariant).toBe('few-shot');
    expect(report.metric).toBe(1);
    expect(report.study!.completeness.score).toBe(1);
    expect(report.points).toBe(10); // 0.4 x 10 x 1 + 0.6 x 10 x 1
    expect(report.cases).toHaveLength(22); // the best variant's cases
    expect(report.usage.modelCalls).toBe(66);
  });

  it('gives partial completeness when checks fail, and a variant that cannot run fails only its own check', async () => {
    const report = await gradeSubmission(
      task,
      study(
        [
          { name: 'a', program: zeroShot },
          { name: 'b', program: { ...zeroShot, model: 'gpt-17' } },
        ],
        'too short',
      ),
      deps(),
      { split: 'dev' },
    );
    const checks = Object.fromEntries(report.study!.completeness.checks.map((c) => [c.name, c.passed]));
    expect(checks).toEqual({ variants: false, 'same model': false, reflection: false, 'variant a runs': true, 'variant b runs': false });
    expect(report.study!.variants[1]!.error).toMatch(/model "gpt-17" is not allowed/);
    const metric = (10 / 11 + 10 / 11) / 2;
    expect(report.metric).toBeCloseTo(metric, 10);
    // completeness 1/5 x 4 points + metric points on the remaining 6: 6 x (0.909 - 0.5) / 0.4
    // completeness 1/5 x 4 points, plus the metric part: (0.909 - 0.5) / 0.4 > 1, so all 6 points
    expect(report.points).toBe(6.8);
  });

  it('writes the comparison table into Gradescope output without hidden inputs', async () => {
    const report = await gradeSubmission(
      task,
      study([
        { name: 'zero-shot', program: zeroShot },
        { name: 'few-shot', program: fewShot },
        { name: 'again', program: fewShot },
      ]),
      deps(),
      { split: 'test' },
    );
    const results = GradescopeResultsSchema.parse(toGradescopeResults(report, { visibility: 'visible' }));
    // The hard reviews are dev cases, so on the test split all tie and the first variant is best.
    expect(results.output).toContain('| zero-shot | gpt-4o-mini | 100.0% | 32/32 | best |');
    expect(results.output).toContain('| few-shot | gpt-4o-mini | 100.0% | 32/32 |  |');
    expect(results.tests?.filter((t) => t.name?.startsWith('Variant '))).toHaveLength(3);
    for (const hidden of sentiment.test) expect(JSON.stringify(results)).not.toContain(hidden.inputs.review);
  });

  it('reports progress that only moves forward and ends at the total, dev cases included', async () => {
    const seen: number[] = [];
    let total = 0;
    await gradeSubmission(
      task,
      study([
        { name: 'a', program: zeroShot },
        { name: 'b', program: fewShot },
      ]),
      deps(),
      {
        split: 'test',
        includeDev: true,
        onProgress: (progress) => {
          seen.push(progress.done);
          total = progress.total;
        },
      },
    );
    expect(total).toBe(2 * (22 + 32));
    expect(seen.every((done, index) => index === 0 || done >= seen[index - 1]!)).toBe(true);
    expect(seen.at(-1)).toBe(total);
  });

  it('refuses a single program on a study task, and a study on a normal task', async () => {
    await expect(gradeSubmission(task, chatProgram, deps(), { split: 'dev' })).rejects.toThrow(/takes a study/);
    await expect(gradeSubmission(sentiment, study([{ name: 'a', program: fewShot }]), deps(), { split: 'dev' })).rejects.toThrow(ProgramError);
  });
});

describe('countWords', () => {
  it('counts latin words and CJK characters', () => {
    expect(countWords('Few-shot examples helped, a lot.')).toBe(5);
    expect(countWords('少样本示例有帮助')).toBe(8);
    expect(countWords('  ')).toBe(0);
  });
});
