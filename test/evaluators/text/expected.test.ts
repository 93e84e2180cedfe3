import { describe, expect, it } from 'vitest';
import { bestReference, checkExpectedStrings, describeValue, expectedStrings } from '../../../evaluators/text/expected.js';

describe('expectedStrings', () => {
  it('wraps a string, keeps a list, reads numbers as text', () => {
    expect(expectedStrings('Paris')).toEqual(['Paris']);
    expect(expectedStrings(['NYC', 'New York'])).toEqual(['NYC', 'New York']);
    expect(expectedStrings(42)).toEqual(['42']);
  });

  it('rejects empty lists, nulls, booleans and objects', () => {
    expect(expectedStrings([])).toBeNull();
    expect(expectedStrings(null)).toBeNull();
    expect(expectedStrings(true)).toBeNull();
    expect(expectedStrings({ a: 'b' })).toBeNull();
    expect(expectedStrings(['ok', null])).toBeNull();
  });

  it('explains the problem', () => {
    expect(checkExpectedStrings(null)).toBe('"expected" must be a string or a non-empty list of strings, got null');
    expect(checkExpectedStrings('fine')).toBeNull();
  });
});

describe('bestReference', () => {
  it('keeps the highest score and its index, the first on ties', () => {
    const best = bestReference(['a', 'bbb', 'ccc'], (reference) => ({ score: reference.length }));
    expect(best).toEqual({ score: 3, referenceIndex: 1 });
  });
});

describe('describeValue', () => {
  it('renders JSON and truncates long values', () => {
    expect(describeValue('abc')).toBe('"abc"');
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue('x'.repeat(200)).length).toBe(81);
  });
});
