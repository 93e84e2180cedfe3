import { describe, expect, it } from 'vitest';
import { caseToExample, labelOfCase, selectCases, selectFirstN, selectLabelBalanced, selectSeededRandom, type PoolCase } from '../../web/src/lib/few-shot.js';
import { seededShuffle } from '../../server/shared/seeded-random.js';

const pool: PoolCase[] = [
  { id: 'a', inputs: { review: 'good' }, expected: 'positive' },
  { id: 'b', inputs: { review: 'great' }, expected: 'positive' },
  { id: 'c', inputs: { review: 'fine' }, expected: 'positive' },
  { id: 'd', inputs: { review: 'bad' }, expected: 'negative' },
  { id: 'e', inputs: { review: 'meh' }, expected: 'neutral' },
  { id: 'f', inputs: { review: 'awful' }, expected: 'negative' },
];
const ids = (items: PoolCase[]) => items.map((c) => c.id);

describe('few-shot selection', () => {
  it('first-n keeps the pool order and clamps n', () => {
    expect(ids(selectFirstN(pool, 2))).toEqual(['a', 'b']);
    expect(ids(selectFirstN(pool, 99))).toHaveLength(6);
    expect(selectFirstN(pool, -1)).toEqual([]);
  });

  it('seeded random is reproducible, differs by seed and never repeats a case', () => {
    const one = ids(selectSeededRandom(pool, 4, 42));
    expect(ids(selectSeededRandom(pool, 4, 42))).toEqual(one);
    expect(new Set(one).size).toBe(4);
    const seeds = new Set(Array.from({ length: 10 }, (_, seed) => ids(selectSeededRandom(pool, 4, seed)).join()));
    expect(seeds.size).toBeGreaterThan(5);
  });

  it('seeded shuffle is a permutation', () => {
    expect(
      seededShuffle(pool, 3)
        .map((c) => c.id)
        .sort(),
    ).toEqual(ids(pool));
  });

  it('label-balanced takes labels round robin, most frequent first', () => {
    expect(ids(selectLabelBalanced(pool, 3, labelOfCase))).toEqual(['a', 'd', 'e']);
    expect(ids(selectLabelBalanced(pool, 5, labelOfCase))).toEqual(['a', 'd', 'e', 'b', 'f']);
    // More than the pool holds: everything, each once.
    expect(ids(selectLabelBalanced(pool, 10, labelOfCase)).sort()).toEqual(ids(pool));
  });

  it('label-balanced with a seed still covers every label first', () => {
    const picked = selectLabelBalanced(pool, 3, labelOfCase, 7);
    expect(new Set(picked.map(labelOfCase))).toEqual(new Set(['positive', 'negative', 'neutral']));
  });

  it('selectCases dispatches on the strategy', () => {
    expect(ids(selectCases(pool, 'first-n', 1, 0))).toEqual(['a']);
    expect(selectCases(pool, 'random', 2, 5)).toHaveLength(2);
    expect(ids(selectCases(pool, 'balanced', 2, 0)).map((id) => pool.find((c) => c.id === id)!.expected)).toContain('negative');
  });

  it('turns cases into examples for one or several input fields', () => {
    expect(caseToExample(pool[0]!, ['review'])).toEqual({ input: 'good', output: 'positive' });
    expect(caseToExample({ id: 'x', inputs: { premise: 'p', hypothesis: 'h' }, expected: 42 }, ['premise', 'hypothesis'])).toEqual({
      input: { premise: 'p', hypothesis: 'h' },
      output: '42',
    });
  });
});
