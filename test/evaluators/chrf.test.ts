import { describe, expect, it } from 'vitest';
import { chrf, chrfScore } from '../../evaluators/chrf.js';
import { paramsProblem, scoreOf, scoreWith } from './support.js';

describe('chrf', () => {
  it('matches a hand computation on "abc" vs "abd"', async () => {
    // n=1: {a,b,c} vs {a,b,d}: 2 matches of 3 on each side, P = R = 2/3.
    // n=2: {ab,bc} vs {ab,bd}: 1 of 2, P = R = 1/2.
    // n=3: {abc} vs {abd}: 0 of 1, P = R = 0.
    // n=4..6: no n-grams, so those orders are not effective.
    // avgP = avgR = (2/3 + 1/2 + 0) / 3 = 7/18; with P = R, F(beta=2) = P = 7/18.
    expect(await scoreWith(chrf, 'abc', 'abd')).toEqual({
      name: 'chrf',
      score: expect.closeTo(7 / 18, 12),
      details: { precision: 0.3889, recall: 0.3889, reference: 0 },
    });
  });

  it('weighs recall twice as much as precision (beta = 2)', () => {
    // "ab" vs "abc": n=1 P = 2/2, R = 2/3; n=2 P = 1/1, R = 1/2; n=3 not effective (no hypothesis 3-gram).
    // avgP = 1, avgR = (2/3 + 1/2)/2 = 7/12. F2 = 5·1·(7/12) / (4·1 + 7/12) = (35/12)/(55/12) = 7/11.
    // (F1 would be 14/19 ≈ 0.737, so this pins beta.)
    expect(chrfScore('ab', 'abc').score).toBeCloseTo(7 / 11, 12);
  });

  it('works on Chinese characters', async () => {
    // 我爱北京 vs 我爱上海: n=1 2/4, n=2 1/3, n=3 0/2, n=4 0/1; avgP = avgR = (1/2 + 1/3)/4 = 5/24.
    expect(await scoreOf(chrf, '我爱北京', '我爱上海')).toBeCloseTo(5 / 24, 12);
  });

  it('lowers but does not zero the score for trailing punctuation', async () => {
    // 我爱北京。 vs 我爱北京: recall is 1 for n=1..4; precision 4/5, 3/4, 2/3, 1/2 (n=5 not effective),
    // avgP = 163/240, F2 = 5·avgP / (4·avgP + 1) = 815/892.
    expect(await scoreOf(chrf, '我爱北京。', '我爱北京')).toBeCloseTo(815 / 892, 12);
  });

  it('ignores whitespace entirely', async () => {
    expect(await scoreOf(chrf, '  a b\n c ', 'abc')).toBe(1);
  });

  it('is case-sensitive like sacrebleu but unifies full-width and accent encodings', async () => {
    expect(await scoreOf(chrf, 'ABC', 'abc')).toBe(0);
    expect(await scoreOf(chrf, 'ＡＢＣ', 'ABC')).toBe(1);
    expect(await scoreOf(chrf, 'cafe\u0301', 'café')).toBe(1);
  });

  it('counts characters outside the BMP once', () => {
    // 𠀀 (U+20000) is one code point but two UTF-16 units; as one character "𠀀a" vs "𠀀b" is n=1 1/2,
    // n=2 0/1: avgP = avgR = 1/4.
    expect(chrfScore('\u{20000}a', '\u{20000}b').score).toBeCloseTo(1 / 4, 12);
  });

  it('scores empty and unrelated outputs 0', async () => {
    expect(await scoreOf(chrf, '', 'abc')).toBe(0);
    expect(await scoreOf(chrf, 'xyz', 'abc')).toBe(0);
  });

  it('takes the best of several references', async () => {
    const result = await scoreWith(chrf, 'abc', ['xyz', 'abc']);
    expect(result.score).toBe(1);
    expect(result.details?.reference).toBe(1);
  });

  it('cannot score a missing expected value and has no params', async () => {
    expect(await scoreOf(chrf, 'abc', null)).toBeNull();
    expect(paramsProblem(chrf, { beta: 3 })).toContain('Unrecognized key: "beta"');
  });
});
