import { describe, expect, it } from 'vitest';
import { topKAccuracy } from '../../evaluators/top-k-accuracy.js';
import { paramsProblem, scoreOf, scoreWith } from './support.js';

const ranking = ['dog', 'cat', 'bird'];

describe('top-k-accuracy', () => {
  it('is top-1 accuracy by default', async () => {
    expect(await scoreOf(topKAccuracy, '', 'dog', { ranking })).toBe(1);
    expect(await scoreWith(topKAccuracy, '', 'cat', { ranking })).toEqual({
      name: 'top-k-accuracy',
      score: 0,
      details: { rank: 2, k: 1, top: ['dog'] },
    });
  });

  it('accepts the expected label anywhere in the first k', async () => {
    expect(await scoreOf(topKAccuracy, '', 'cat', { ranking, params: { k: 2 } })).toBe(1);
    expect(await scoreOf(topKAccuracy, '', 'bird', { ranking, params: { k: 2 } })).toBe(0);
  });

  it('compares labels normalised: case, whitespace, full-width, accents, Chinese', async () => {
    expect(await scoreOf(topKAccuracy, '', ' Golden  Retriever ', { ranking: ['golden retriever'] })).toBe(1);
    expect(await scoreOf(topKAccuracy, '', 'ｃａｔ', { ranking: ['cat'] })).toBe(1);
    expect(await scoreOf(topKAccuracy, '', 'crème brûlée', { ranking: ['cre\u0300me bru\u0302le\u0301e'] })).toBe(1);
    expect(await scoreOf(topKAccuracy, '', '猫', { ranking: ['狗', '猫'], params: { k: 2 } })).toBe(1);
    expect(await scoreOf(topKAccuracy, '', '猫', { ranking: ['狗', '猫'] })).toBe(0);
  });

  it('scores 0 when the label is missing from the ranking or the ranking is empty', async () => {
    expect(await scoreWith(topKAccuracy, '', 'fish', { ranking, params: { k: 3 } })).toMatchObject({
      score: 0,
      details: { rank: null },
    });
    expect(await scoreOf(topKAccuracy, '', 'dog', { ranking: [] })).toBe(0);
  });

  it('cannot score without a ranking or with a non-label expected value', async () => {
    const result = await scoreWith(topKAccuracy, 'dog', 'dog');
    expect(result.score).toBeNull();
    expect(result.details?.problem).toMatch(/no ranking/);
    expect(await scoreOf(topKAccuracy, '', 3, { ranking })).toBeNull();
    expect(topKAccuracy.checkExpected?.('', { k: 1 })).toBe('"expected" must be a label string, got ""');
  });

  it('rejects bad params with readable messages', () => {
    expect(paramsProblem(topKAccuracy, { k: 0 })).toContain('k must be at least 1');
    expect(paramsProblem(topKAccuracy, { k: 1.5 })).toContain('k must be a whole number');
    expect(paramsProblem(topKAccuracy, { top: 1 })).toContain('Unrecognized key: "top"');
  });
});
