import { describe, expect, it } from 'vitest';
import { rougeL } from '../../evaluators/rouge-l.js';
import { paramsProblem, scoreOf, scoreWith } from './support.js';

describe('rouge-l', () => {
  it('uses the longest common subsequence of tokens', async () => {
    // [cat, sat, on, mat] vs [cat, is, on, mat] (articles dropped): LCS cat-on-mat = 3,
    // precision = recall = 3/4, F1 = 0.75.
    expect(await scoreWith(rougeL, 'The cat sat on the mat.', 'the cat is on the mat')).toEqual({
      name: 'rouge-l',
      score: 0.75,
      details: { precision: 0.75, recall: 0.75, reference: 0 },
    });
  });

  it('cares about word order, unlike token F1', async () => {
    // man bites dog vs dog bites man: the LCS has length 1, so precision = recall = F1 = 1/3.
    expect(await scoreOf(rougeL, 'man bites dog', 'dog bites man')).toBeCloseTo(1 / 3, 12);
  });

  it('weighs recall more with beta > 1', async () => {
    // [cat, on, mat] vs [cat, is, on, mat]: LCS 3, P = 1, R = 3/4.
    // F1 = 2·0.75/1.75 = 6/7; F(beta=2) = 5·0.75 / (0.75 + 4) = 15/19.
    expect(await scoreOf(rougeL, 'cat on mat', 'cat is on mat')).toBeCloseTo(6 / 7, 12);
    expect(await scoreOf(rougeL, 'cat on mat', 'cat is on mat', { params: { beta: 2 } })).toBeCloseTo(15 / 19, 12);
  });

  it('works per character on Chinese', async () => {
    // 我爱北京天安门 (7) vs 我爱天安门 (5): LCS 5, P = 5/7, R = 1, F1 = (10/7)/(12/7) = 5/6.
    expect(await scoreOf(rougeL, '我爱北京天安门。', '我爱天安门')).toBeCloseTo(5 / 6, 12);
  });

  it('normalises whitespace, case and full-width forms', async () => {
    expect(await scoreOf(rougeL, '  ＤＯＧ   bites\nMAN ', 'dog bites man')).toBe(1);
    expect(await scoreOf(rougeL, 'Cre\u0300me brûlée', 'crème brûlée')).toBe(1);
  });

  it('scores wrong and empty outputs 0', async () => {
    expect(await scoreOf(rougeL, '', 'dog bites man')).toBe(0);
    expect(await scoreOf(rougeL, 'cats purr', 'dog bites man')).toBe(0);
  });

  it('takes the best of several references', async () => {
    expect(await scoreOf(rougeL, 'dog bites man', ['man bites dog', 'dog bites man'])).toBe(1);
  });

  it('rejects bad params with readable messages', () => {
    expect(paramsProblem(rougeL, { beta: 0 })).toContain('beta must be greater than 0');
    expect(paramsProblem(rougeL, { beta: 'high' })).toMatch(/expected number[\s\S]*beta/);
    expect(paramsProblem(rougeL, { alpha: 1 })).toContain('Unrecognized key: "alpha"');
  });
});
