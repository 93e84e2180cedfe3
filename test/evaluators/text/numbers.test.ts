import { describe, expect, it } from 'vitest';
import { findNumbers, numberFromValue } from '../../../evaluators/text/numbers.js';

const values = (text: string) => findNumbers(text).map((found) => found.value);

describe('findNumbers', () => {
  it.each([
    ['-3', -3],
    ['1,234', 1234],
    ['3.50', 3.5],
    ['1e3', 1000],
    ['2.5E-4', 0.00025],
    ['$12', 12],
    ['-$12', -12],
    ['.5', 0.5],
    ['１２３', 123],
    ['－５', -5],
    ['\u22127', -7],
    ['Total: 1,234,567.89!', 1234567.89],
  ])('reads %j as %d', (text, value) => {
    expect(values(text)).toEqual([value]);
  });

  it('does not read a hyphen between numbers as a minus sign', () => {
    expect(values('pages 3-5')).toEqual([3, 5]);
  });

  it('does not treat commas in a list as thousands separators', () => {
    expect(values('1,2,3')).toEqual([1, 2, 3]);
  });

  it('keeps the matched text for details', () => {
    expect(findNumbers('costs $1,234.50.')[0]).toEqual({ text: '$1,234.50', value: 1234.5 });
  });

  it('finds nothing in text without digits', () => {
    expect(findNumbers('')).toEqual([]);
    expect(findNumbers('three 三')).toEqual([]);
  });
});

describe('numberFromValue', () => {
  it('accepts numbers and strings that are exactly one number', () => {
    expect(numberFromValue(42)).toBe(42);
    expect(numberFromValue(' 1,234 ')).toBe(1234);
    expect(numberFromValue('-3.5')).toBe(-3.5);
  });

  it('rejects anything else', () => {
    expect(numberFromValue('abc')).toBeNull();
    expect(numberFromValue('42 apples')).toBeNull();
    expect(numberFromValue('1 2')).toBeNull();
    expect(numberFromValue(true)).toBeNull();
    expect(numberFromValue(null)).toBeNull();
  });
});
