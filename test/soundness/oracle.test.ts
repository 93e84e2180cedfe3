// The oracle check on the shipped tasks and on deliberately wrong evaluator settings: each broken
// setting must fail with the case that shows it.
import { describe, expect, it } from 'vitest';
import { getEvaluator } from '../../evaluators/index.js';
import type { EvaluatorUse, Task } from '../../server/core/task.js';
import { scrambleText } from '../../server/soundness/case-outputs.js';
import { checkOracle } from '../../server/soundness/oracle.js';
import { earlyAssignmentTaskIds, shippedCatalog } from '../tasks/shipped-tasks.js';

const catalog = shippedCatalog();

function withEvaluators(id: string, evaluators: Partial<EvaluatorUse>[]): Task {
  const task = catalog.task(id);
  return { ...task, evaluators: evaluators.map((use) => ({ params: {}, weight: 1, name: 'label', ...use })) };
}

/** Tasks whose every evaluator asks a judge model: the judge steps check them instead. */
const judged = (id: string) => catalog.task(id).evaluators.every((use) => getEvaluator(use.name)?.judged);

describe('the oracle check', () => {
  it('leaves a task graded only by a judge model to the judge steps, and still checks the other evaluators of a mixed one', async () => {
    const result = await checkOracle(catalog.task('review-summary'), getEvaluator);
    expect(result).toEqual({
      name: 'oracle',
      status: 'not-applicable',
      summary: 'every evaluator asks a judge model: see judge calibration and judge manipulation',
      problems: [],
    });
    const summary = catalog.task('review-summary');
    const mixed: Task = { ...summary, evaluators: [...summary.evaluators, { name: 'includes', params: {}, weight: 1 }] };
    // includes alone: the expected summary contains itself, a scrambled one does not.
    expect((await checkOracle(mixed, getEvaluator)).status).not.toBe('not-applicable');
  });

  for (const id of earlyAssignmentTaskIds().filter((taskId) => !judged(taskId))) {
    it(`passes on the shipped task ${id}`, async () => {
      const result = await checkOracle(catalog.task(id), getEvaluator);
      expect(result.problems).toEqual([]);
      expect(result.status).toBe('ok');
      expect(result.summary).toMatch(/^expected answers get full marks on all \d+ cases; corrupted answers score low/);
    });
  }

  it('fails when the JSON schema rejects the expected answers (a date pattern the data does not use)', async () => {
    const extraction = catalog.task('extraction');
    const params = structuredClone(extraction.evaluators[0]!.params) as { schema: { properties: { date: { pattern: string } } } };
    params.schema.properties.date.pattern = '^\\d{2}/\\d{2}/\\d{4}$';
    const result = await checkOracle({ ...extraction, evaluators: [{ ...extraction.evaluators[0]!, params }] }, getEvaluator);
    expect(result.status).toBe('fail');
    // Validity 0.2 and fields 0.6 of 1: the schema part is lost on every case.
    expect(result.problems[0]).toBe(
      'the expected answer does not get full marks on 24 dev case(s): dev-001 (dev: json 0.80); dev-002 (dev: json 0.80); dev-003 (dev: json 0.80); and 21 more',
    );
    expect(result.problems[1]).toMatch(/^the expected answer does not get full marks on 60 test case\(s\): test-001 \(test: json 0\.80\)/);
  });

  it("fails when a numeric tolerance is so wide that another case's answer gets full marks", async () => {
    const result = await checkOracle(withEvaluators('arithmetic', [{ name: 'numeric', params: { absTolerance: 1_000_000 } }]), getEvaluator);
    expect(result.status).toBe('fail');
    expect(result.problems).toContain(
      "corrupted answers (another case's answer) give a dev accuracy of 1.000; they must earn at most half the points (at most 0.400)",
    );
    expect(
      result.problems.some((p) => p.startsWith("a corrupted answer (another case's answer) gets full marks on 24 dev case(s): dev-001 (dev: numeric 1.00)")),
    ).toBe(true);
  });

  it('fails when top-k accuracy counts every label (k as large as the label set)', async () => {
    const result = await checkOracle(withEvaluators('emoji', [{ name: 'top-k-accuracy', params: { k: 8 } }]), getEvaluator);
    expect(result.status).toBe('fail');
    expect(result.problems[0]).toMatch(
      /^a corrupted answer \(another label first, expected last\) gets full marks on 24 dev case\(s\): dev-001 \(dev: top-k-accuracy 1\.00\)/,
    );
  });

  it('fails when recall@k looks deeper than the gallery', async () => {
    const result = await checkOracle(withEvaluators('text-to-image-retrieval', [{ name: 'recall-at-k', params: { k: 60 } }]), getEvaluator);
    expect(result.status).toBe('fail');
    expect(result.problems.join('\n')).toContain('a corrupted answer (expected image ranked last) gets full marks on 24 dev case(s)');
    expect(result.problems.join('\n')).toContain('a corrupted answer (expected image ranked last) gets full marks on 52 test case(s)');
  });

  it('fails when a label never appears in a split scored by macro-F1', async () => {
    const sentiment = catalog.task('sentiment');
    const onlyPositive = sentiment.test.filter((c) => c.expected === 'positive');
    const result = await checkOracle({ ...sentiment, test: onlyPositive }, getEvaluator);
    expect(result.status).toBe('fail');
    expect(result.problems).toEqual(['the expected answers of the test split give a macro-f1 of 0.500, not 1 (does every label appear in the split?)']);
  });

  it('fails when an evaluator cannot score the expected answers at all', async () => {
    // recall@k on a text task: there is no ranking, so every case is unscorable.
    const result = await checkOracle(withEvaluators('arithmetic', [{ name: 'recall-at-k', params: { k: 1 } }]), getEvaluator);
    expect(result.status).toBe('fail');
    expect(result.problems[0]).toMatch(/^the expected answer does not get full marks on 24 dev case\(s\): dev-001 \(dev: recall-at-k could not score it/);
  });
});

describe('scrambled answers', () => {
  it('are deterministic and differ from the original', () => {
    expect(scrambleText('positive', 1)).toBe(scrambleText('positive', 1));
    expect(scrambleText('positive', 1)).not.toBe('positive');
    expect([...scrambleText('今天太热了', 3)].sort()).toEqual([...'今天太热了'].sort());
    expect(scrambleText('ab', 1)).toBe('ba');
  });
});
