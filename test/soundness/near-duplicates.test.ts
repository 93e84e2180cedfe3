// The near-duplicate scan: a dev case that nearly copies a hidden one, or two nearly equal hidden
// cases, are named (ids only); generated questions that share a template ("What is ... plus ...?")
// and NLI cases that share a premise with a different hypothesis are not near-duplicates.
import { describe, expect, it } from 'vitest';
import { charNgramSimilarity } from '../../server/soundness/char-ngram-similarity.js';
import { checkNearDuplicates, NEAR_DUPLICATE } from '../../server/soundness/near-duplicates.js';
import { earlyAssignmentTaskIds, shippedCatalog } from '../tasks/shipped-tasks.js';

const catalog = shippedCatalog();

describe('near duplicates', () => {
  it('finds none in the shipped tasks (image classification is not applicable)', () => {
    for (const id of earlyAssignmentTaskIds()) {
      const task = catalog.task(id);
      const expected = task.modality === 'image-text' && task.mode === 'classify' ? 'not-applicable' : 'ok';
      expect(checkNearDuplicates(task), id).toMatchObject({ status: expected, problems: [] });
    }
  });

  it('names a dev case that nearly copies a hidden one, and two nearly equal hidden cases', () => {
    const task = catalog.task('translation');
    const [dev0, ...devRest] = task.dev;
    const [t0, t1, ...testRest] = task.test;
    const result = checkNearDuplicates({
      ...task,
      dev: [{ ...dev0!, inputs: { text: 'My cat sleeps on a warm blanket by the fire.' } }, ...devRest],
      test: [
        { ...t0!, inputs: { text: 'My cat sleeps on the warm blanket near the fire.' } },
        { ...t1!, inputs: { text: 'my cat sleeps on the warm blanket near the fire!' } },
        ...testRest,
      ],
    });
    expect(result.status).toBe('warn');
    expect(result.summary).toBe(`2 pair(s) of inputs at least ${NEAR_DUPLICATE} alike`);
    expect(result.problems).toEqual([
      `${t0!.id} ~ ${t1!.id} (0.95), ${dev0!.id} ~ ${t0!.id} (0.82): reword or replace one of each pair (a dev case close to a hidden one teaches the test)`,
    ]);
    // Ids only, never the hidden text.
    expect(result.problems.join(' ')).not.toContain('blanket');
  });

  it('compares every input field: a shared NLI premise with another hypothesis is a different case', () => {
    const task = catalog.task('nli');
    const [first, second, ...rest] = task.test;
    const premise = 'A woman in a red coat is walking her two dogs along the beach at sunrise.';
    const sharedPremise = [
      { ...first!, inputs: { premise, hypothesis: 'Someone is taking pets for a walk by the sea.' } },
      { ...second!, inputs: { premise, hypothesis: 'The dogs are asleep in their kennel.' } },
    ];
    expect(checkNearDuplicates({ ...task, test: [...sharedPremise, ...rest] }).status).toBe('ok');
    const sameHypothesis = [sharedPremise[0]!, { ...sharedPremise[1]!, inputs: { premise, hypothesis: 'Someone is taking the pets for a walk by the sea.' } }];
    expect(checkNearDuplicates({ ...task, test: [...sameHypothesis, ...rest] }).status).toBe('warn');
  });

  it('measures similarity on characters, Chinese included', () => {
    expect(charNgramSimilarity('我明天早上八点要去机场。', '我明天早上八点要去机场！')).toBeGreaterThanOrEqual(NEAR_DUPLICATE);
    // One character apart in twelve is alike, but not a near-copy: eight o'clock is not nine.
    expect(charNgramSimilarity('我明天早上八点要去机场。', '我明天早上九点要去机场。')).toBeCloseTo(0.75, 2);
    expect(charNgramSimilarity('我明天早上八点要去机场。', '冰箱里还有一些剩饭。')).toBe(0);
    expect(charNgramSimilarity('Same text', 'same   TEXT')).toBe(1);
  });
});
