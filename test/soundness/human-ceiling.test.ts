// The human ceiling of a multi-reference metric: each reference scored with the task's own
// evaluators against the others. The shipped translation target sits under it; the old target
// (0.55) was above it and a single-reference case is named, as issue 15 found by hand.
import { describe, expect, it } from 'vitest';
import { getEvaluator } from '../../evaluators/index.js';
import { chrfScore } from '../../evaluators/chrf.js';
import { checkHumanCeiling } from '../../server/soundness/human-ceiling.js';
import { earlyAssignmentTaskIds, shippedCatalog } from '../tasks/shipped-tasks.js';

const catalog = shippedCatalog();
const translation = catalog.task('translation');

describe('human ceiling', () => {
  it('is measured on translation and the shipped target is at or under it', async () => {
    const result = await checkHumanCeiling(translation, getEvaluator);
    expect(result).toMatchObject({ status: 'ok', problems: [] });
    expect(result.summary).toBe('each reference scored against the others (mean): dev 0.463, test 0.431; target 0.4');
  });

  it('is the mean chrF of each reference against the other, computed independently', async () => {
    const scores = translation.test.flatMap((c) => {
      const [a, b] = c.expected as [string, string];
      return [chrfScore(a, b).score, chrfScore(b, a).score];
    });
    const mean = scores.reduce((sum, s) => sum + s, 0) / scores.length;
    expect((await checkHumanCeiling(translation, getEvaluator)).summary).toContain(`test ${mean.toFixed(3)}`);
  });

  it('warns when the target is above the ceiling (the old 0.55) and names single-reference cases', async () => {
    const [first, ...rest] = translation.test;
    const single = { ...first!, expected: [(first!.expected as string[])[0]!] };
    const result = await checkHumanCeiling({ ...translation, points: { ...translation.points, target: 0.55 }, test: [single, ...rest] }, getEvaluator);
    expect(result.status).toBe('warn');
    expect(result.problems).toEqual([
      `1 case(s) have fewer than two references (${first!.id}): a correct paraphrase of a single reference scores low, and the ceiling leaves them out`,
      expect.stringMatching(/^the target \(0\.55\) is above the human ceiling of the test split \(0\.4\d\d\)/),
    ]);
  });

  it('does not apply to tasks with one expected answer or labels', async () => {
    for (const id of earlyAssignmentTaskIds().filter((taskId) => taskId !== 'translation')) {
      expect((await checkHumanCeiling(catalog.task(id), getEvaluator)).status, id).toBe('not-applicable');
    }
  });
});
