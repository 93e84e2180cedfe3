import { describe, expect, it } from 'vitest';
import { valuesMatch } from '../../../evaluators/json/compare.js';

describe('valuesMatch', () => {
  it('compares strings normalised and reads numbers or booleans in the output as text', () => {
    expect(valuesMatch('The Louvre', 'louvre!')).toBe(true);
    expect(valuesMatch('42', 42)).toBe(true);
    expect(valuesMatch('yes', true)).toBe(false);
    expect(valuesMatch('Paris', ['Paris'])).toBe(false);
  });

  it('compares numbers numerically within floating-point noise', () => {
    expect(valuesMatch(0.3, 0.1 + 0.2)).toBe(true);
    expect(valuesMatch(0.3, 0.31)).toBe(false);
    expect(valuesMatch(1234, '1,234')).toBe(true);
  });

  it('compares arrays in order and objects on the expected keys only', () => {
    expect(valuesMatch(['a', 1], ['A', '1'])).toBe(true);
    expect(valuesMatch(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(valuesMatch(['a'], ['a', 'b'])).toBe(false);
    expect(valuesMatch({ city: 'Paris' }, { city: 'paris', country: 'France' })).toBe(true);
    expect(valuesMatch({ city: 'Paris' }, {})).toBe(false);
  });

  it('compares booleans and null exactly and treats a missing value as wrong', () => {
    expect(valuesMatch(true, true)).toBe(true);
    expect(valuesMatch(true, 'true')).toBe(false);
    expect(valuesMatch(null, null)).toBe(true);
    expect(valuesMatch(null, undefined)).toBe(false);
  });
});
