import { describe, expect, it } from 'vitest';
import { recallAtK } from '../../evaluators/recall-at-k.js';
import { paramsProblem, scoreOf, scoreWith } from './support.js';

const ranking = ['img-9', 'img-4', 'img-2', 'img-7', 'img-5', 'img-1'];

describe('recall-at-k', () => {
  it('scores a single relevant id 1 when it is in the top 5 (the default k)', async () => {
    expect(await scoreWith(recallAtK, '', 'img-5', { ranking })).toEqual({
      name: 'recall-at-k',
      score: 1,
      details: { found: ['img-5'], relevant: 1, firstRelevantRank: 5, k: 5 },
    });
    expect(await scoreOf(recallAtK, '', 'img-1', { ranking })).toBe(0);
    expect(await scoreOf(recallAtK, '', 'img-1', { ranking, params: { k: 6 } })).toBe(1);
  });

  it('scores the fraction of several relevant ids found in the top k', async () => {
    // img-4 and img-2 are in the top 3, img-1 is not: 2/3.
    const result = await scoreWith(recallAtK, '', ['img-4', 'img-1', 'img-2'], { ranking, params: { k: 3 } });
    expect(result.score).toBeCloseTo(2 / 3, 12);
    expect(result.details).toMatchObject({ found: ['img-4', 'img-2'], relevant: 3, firstRelevantRank: 2 });
  });

  it('counts a repeated relevant id once', async () => {
    expect(await scoreOf(recallAtK, '', ['img-9', 'img-9'], { ranking })).toBe(1);
  });

  it('accepts numeric ids', async () => {
    expect(await scoreOf(recallAtK, '', 7, { ranking: ['3', '7'], params: { k: 2 } })).toBe(1);
  });

  it('compares ids exactly: no case, width or whitespace folding, any script', async () => {
    expect(await scoreOf(recallAtK, '', 'IMG-9', { ranking })).toBe(0);
    expect(await scoreOf(recallAtK, '', 'img-9 ', { ranking })).toBe(0);
    expect(await scoreOf(recallAtK, '', 'ｉｍｇ-9', { ranking })).toBe(0);
    expect(await scoreOf(recallAtK, '', '图片一', { ranking: ['图片二', '图片一'], params: { k: 2 } })).toBe(1);
    expect(await scoreOf(recallAtK, '', 'café', { ranking: ['café'] })).toBe(1);
  });

  it('scores 0 for an empty ranking and null without one', async () => {
    expect(await scoreWith(recallAtK, '', 'img-9', { ranking: [] })).toMatchObject({ score: 0, details: { firstRelevantRank: null } });
    expect(await scoreOf(recallAtK, '', 'img-9')).toBeNull();
  });

  it('explains an unusable expected value', async () => {
    expect(recallAtK.checkExpected?.([], { k: 5 })).toBe('"expected" must be a gallery id or a non-empty list of ids, got []');
    expect(recallAtK.checkExpected?.({ id: 1 }, { k: 5 })).toMatch(/must be a gallery id/);
    expect(recallAtK.checkExpected?.(['a', 'b'], { k: 5 })).toBeNull();
    expect(await scoreOf(recallAtK, '', '', { ranking })).toBeNull();
  });

  it('rejects bad params with readable messages', () => {
    expect(paramsProblem(recallAtK, { k: 0 })).toContain('k must be at least 1');
    expect(paramsProblem(recallAtK, { k: '5' })).toMatch(/expected number[\s\S]*k/);
    expect(paramsProblem(recallAtK, { K: 5 })).toContain('Unrecognized key: "K"');
  });
});
