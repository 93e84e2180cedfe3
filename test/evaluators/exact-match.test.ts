import { describe, expect, it } from 'vitest';
import { exactMatch } from '../../evaluators/exact-match.js';
import { paramsProblem, scoreOf, scoreWith } from './support.js';

describe('exact-match', () => {
  it('scores 1 for the same text and trims surrounding whitespace by default', async () => {
    expect(await scoreOf(exactMatch, 'Paris', 'Paris')).toBe(1);
    expect(await scoreOf(exactMatch, '  Paris \n', 'Paris')).toBe(1);
  });

  it('keeps surrounding whitespace when trim is false', async () => {
    expect(await scoreOf(exactMatch, 'Paris\n', 'Paris', { params: { trim: false } })).toBe(0);
  });

  it('is case-sensitive by default, case-insensitive on request', async () => {
    expect(await scoreOf(exactMatch, 'paris', 'Paris')).toBe(0);
    expect(await scoreOf(exactMatch, 'PARIS', 'Paris', { params: { caseSensitive: false } })).toBe(1);
  });

  it('treats extra inner whitespace and trailing punctuation as different', async () => {
    expect(await scoreOf(exactMatch, 'New  York', 'New York')).toBe(0);
    expect(await scoreOf(exactMatch, 'Paris.', 'Paris')).toBe(0);
  });

  it('scores an empty output 0, unless the expected answer is empty', async () => {
    expect(await scoreOf(exactMatch, '', 'Paris')).toBe(0);
    expect(await scoreOf(exactMatch, '  ', '')).toBe(1);
  });

  it('treats composed and decomposed accents as the same text but not full-width forms', async () => {
    expect(await scoreOf(exactMatch, 'Cafe\u0301', 'Café')).toBe(1);
    expect(await scoreOf(exactMatch, 'ＡＢＣ', 'ABC')).toBe(0);
  });

  it('compares Chinese text and trims the ideographic space', async () => {
    expect(await scoreOf(exactMatch, '\u3000北京\u3000', '北京')).toBe(1);
    expect(await scoreOf(exactMatch, '北京。', '北京')).toBe(0);
    expect(await scoreOf(exactMatch, '上海', '北京')).toBe(0);
  });

  it('accepts any of a list of expected strings', async () => {
    expect(await scoreOf(exactMatch, 'NYC', ['New York', 'NYC'])).toBe(1);
    expect(await scoreOf(exactMatch, 'LA', ['New York', 'NYC'])).toBe(0);
  });

  it('shows what was compared after trimming and case folding', async () => {
    const result = await scoreWith(exactMatch, '  PARIS ', 'Paris', { params: { caseSensitive: false } });
    expect(result).toEqual({ name: 'exact-match', score: 1, details: { compared: 'paris' } });
  });

  it('cannot score a missing or malformed expected value', async () => {
    const result = await scoreWith(exactMatch, 'Paris', null);
    expect(result.score).toBeNull();
    expect(result.details?.problem).toBe('"expected" must be a string or a non-empty list of strings, got null');
    expect(exactMatch.checkExpected?.({ answer: 'x' }, { caseSensitive: true, trim: true })).toMatch(/must be a string/);
    expect(exactMatch.checkExpected?.('Paris', { caseSensitive: true, trim: true })).toBeNull();
  });

  it('rejects bad params with readable messages', () => {
    expect(paramsProblem(exactMatch, { caseSensitive: 'yes' })).toMatch(/expected boolean[\s\S]*caseSensitive/);
    expect(paramsProblem(exactMatch, { trimm: true })).toContain('Unrecognized key: "trimm"');
  });
});
