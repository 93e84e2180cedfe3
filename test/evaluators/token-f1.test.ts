import { describe, expect, it } from 'vitest';
import { tokenF1 } from '../../evaluators/token-f1.js';
import { paramsProblem, scoreOf, scoreWith } from './support.js';

describe('token-f1', () => {
  it('gives partial credit by token overlap', async () => {
    // output [eiffel, tower, in, paris], reference [eiffel, tower]: 2 common,
    // precision 2/4, recall 2/2, F1 = 2·0.5·1 / 1.5 = 2/3.
    expect(await scoreWith(tokenF1, 'Eiffel Tower in Paris', 'the Eiffel Tower')).toEqual({
      name: 'token-f1',
      score: 2 / 3,
      details: { precision: 0.5, recall: 1, reference: 0 },
    });
  });

  it('counts repeated tokens only as often as the reference has them', async () => {
    // [cat, cat, cat] vs [cat]: 1 common, precision 1/3, recall 1, F1 = (2/3)/(4/3) = 0.5.
    expect(await scoreOf(tokenF1, 'cat cat cat', 'cat')).toBe(0.5);
  });

  it('treats each Chinese character as a token', async () => {
    // 我 爱 北 京 vs 我 爱 上 海: 2 of 4 common on both sides, F1 = 0.5.
    expect(await scoreOf(tokenF1, '我爱北京', '我爱上海')).toBe(0.5);
    expect(await scoreOf(tokenF1, '北京。', '北京')).toBe(1);
  });

  it('normalises case, punctuation, whitespace and full-width forms', async () => {
    expect(await scoreOf(tokenF1, '  Eiffel   TOWER!!! ', 'the eiffel tower')).toBe(1);
    expect(await scoreOf(tokenF1, 'ＥＩＦＦＥＬ ｔｏｗｅｒ', 'Eiffel Tower')).toBe(1);
    expect(await scoreOf(tokenF1, 'Cafe\u0301 noir', 'café noir')).toBe(1);
  });

  it('takes the best of several references', async () => {
    // "Paris" vs "Paris France": precision 1, recall 1/2, F1 = 2/3; vs "London": 0.
    const result = await scoreWith(tokenF1, 'Paris', ['London', 'Paris France']);
    expect(result.score).toBeCloseTo(2 / 3, 12);
    expect(result.details?.reference).toBe(1);
  });

  it('scores wrong and empty outputs 0, and an empty output 1 only for an empty reference', async () => {
    expect(await scoreOf(tokenF1, 'London', 'Paris')).toBe(0);
    expect(await scoreOf(tokenF1, '', 'Paris')).toBe(0);
    expect(await scoreOf(tokenF1, '', 'the')).toBe(1);
  });

  it('cannot score a missing expected value', async () => {
    expect(await scoreOf(tokenF1, 'Paris', null)).toBeNull();
  });

  it('rejects params, since it has none', () => {
    expect(paramsProblem(tokenF1, { beta: 2 })).toContain('Unrecognized key: "beta"');
  });
});
