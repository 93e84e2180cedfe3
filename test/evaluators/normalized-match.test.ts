import { describe, expect, it } from 'vitest';
import { normalizedMatch } from '../../evaluators/normalized-match.js';
import { paramsProblem, scoreOf, scoreWith } from './support.js';

describe('normalized-match', () => {
  it('ignores case, punctuation, articles and extra whitespace', async () => {
    expect(await scoreOf(normalizedMatch, 'The Eiffel Tower!', 'eiffel tower')).toBe(1);
    expect(await scoreOf(normalizedMatch, '  new   york \n', 'New York')).toBe(1);
    expect(await scoreOf(normalizedMatch, 'Paris.', 'Paris')).toBe(1);
  });

  it('applies NFKC, so full-width letters match', async () => {
    expect(await scoreOf(normalizedMatch, 'ＰＡＲＩＳ', 'paris')).toBe(1);
  });

  it('keeps accents significant but unifies their encoding', async () => {
    expect(await scoreOf(normalizedMatch, 'Cafe\u0301', 'café')).toBe(1);
    expect(await scoreOf(normalizedMatch, 'Cafe', 'café')).toBe(0);
  });

  it('strips Chinese punctuation', async () => {
    expect(await scoreOf(normalizedMatch, '“北京”。', '北京')).toBe(1);
    expect(await scoreOf(normalizedMatch, '上海！', '北京')).toBe(0);
  });

  it('accepts any of a list of expected strings', async () => {
    expect(await scoreOf(normalizedMatch, 'nyc.', ['New York City', 'NYC'])).toBe(1);
  });

  it('scores wrong and empty outputs 0', async () => {
    expect(await scoreOf(normalizedMatch, 'London', 'Paris')).toBe(0);
    expect(await scoreOf(normalizedMatch, '', 'Paris')).toBe(0);
    expect(await scoreOf(normalizedMatch, 'Paris, France', 'Paris')).toBe(0);
  });

  it('shows the normalised forms so a student sees why it did not match', async () => {
    const result = await scoreWith(normalizedMatch, 'The Louvre.', ['Louvre Museum']);
    expect(result).toEqual({
      name: 'normalized-match',
      score: 0,
      details: { normalizedOutput: 'louvre', normalizedExpected: ['louvre museum'] },
    });
  });

  it('cannot score a missing expected value', async () => {
    expect(await scoreOf(normalizedMatch, 'Paris', [])).toBeNull();
  });

  it('has no params and rejects unknown ones', () => {
    expect(normalizedMatch.params.parse({})).toEqual({});
    expect(paramsProblem(normalizedMatch, { caseSensitive: false })).toContain('Unrecognized key: "caseSensitive"');
  });
});
