import { describe, expect, it } from 'vitest';
import { foldText, normalizeAnswer, preview, round4 } from '../../../evaluators/text/normalize.js';

describe('normalizeAnswer', () => {
  it('lowercases, strips punctuation and articles, collapses whitespace (SQuAD)', () => {
    expect(normalizeAnswer('  The  Eiffel\tTower!\n')).toBe('eiffel tower');
    expect(normalizeAnswer('An apple, a day')).toBe('apple day');
  });

  it('deletes punctuation without inserting a space, like SQuAD', () => {
    expect(normalizeAnswer("don't")).toBe('dont');
  });

  it('applies NFKC: full-width letters and digits become ASCII', () => {
    expect(normalizeAnswer('ＰＡＲＩＳ　１２３')).toBe('paris 123');
  });

  it('treats composed and decomposed accents alike but keeps accents', () => {
    expect(normalizeAnswer('Cafe\u0301')).toBe('café');
    expect(normalizeAnswer('café')).not.toBe(normalizeAnswer('cafe'));
  });

  it('strips Chinese punctuation', () => {
    expect(normalizeAnswer('“北京”，是首都。！？')).toBe('北京是首都');
  });

  it('removes articles only as whole words, also next to non-ASCII letters', () => {
    expect(normalizeAnswer('ça a théâtre')).toBe('ça théâtre');
    expect(normalizeAnswer('theater anthem')).toBe('theater anthem');
  });

  it('returns an empty string for empty or punctuation-only text', () => {
    expect(normalizeAnswer('')).toBe('');
    expect(normalizeAnswer(' ... ！ ')).toBe('');
  });
});

describe('foldText', () => {
  it('keeps punctuation and case unless asked', () => {
    expect(foldText('Ｈｉ,  There', { caseSensitive: true, collapseWhitespace: false })).toBe('Hi,  There');
    expect(foldText(' Ｈｉ,\n There ', { caseSensitive: false, collapseWhitespace: true })).toBe('hi, there');
  });
});

describe('preview and round4', () => {
  it('truncates long text and rounds ratios', () => {
    expect(preview('x'.repeat(300))).toHaveLength(201);
    expect(preview('short')).toBe('short');
    expect(round4(2 / 3)).toBe(0.6667);
  });
});
