import { describe, expect, it } from 'vitest';
import { numeric } from '../../evaluators/numeric.js';
import { paramsProblem, scoreOf, scoreWith } from './support.js';

const defaults = { position: 'first' as const, absTolerance: 0, relTolerance: 0 };

describe('numeric', () => {
  it.each([
    ['42', 42],
    ['The answer is -3.', -3],
    ['There are 1,234 of them', 1234],
    ['It costs $12', 12],
    ['3.50', 3.5],
    ['1e3', 1000],
    ['\u22127 degrees', -7],
  ])('reads %j as %d', async (output, expected) => {
    expect(await scoreOf(numeric, output, expected)).toBe(1);
  });

  it('reads full-width digits, also inside Chinese text', async () => {
    expect(await scoreOf(numeric, '１２３', 123)).toBe(1);
    expect(await scoreOf(numeric, '答案是４２。', 42)).toBe(1);
  });

  it('ignores surrounding whitespace and trailing punctuation', async () => {
    expect(await scoreOf(numeric, '  \n 42 \n', 42)).toBe(1);
    expect(await scoreOf(numeric, '42!!!', 42)).toBe(1);
  });

  it('uses the first number by default and the last with position: last', async () => {
    const output = 'First 3 apples, then 5 more: 8';
    expect(await scoreOf(numeric, output, 8)).toBe(0);
    expect(await scoreOf(numeric, output, 8, { params: { position: 'last' } })).toBe(1);
  });

  it('shows the extracted number and the difference', async () => {
    expect(await scoreWith(numeric, 'I think 41.', 42)).toEqual({
      name: 'numeric',
      score: 0,
      details: { extracted: '41', value: 41, difference: -1 },
    });
  });

  it('accepts answers within the absolute tolerance, despite binary rounding', async () => {
    expect(await scoreOf(numeric, '3.1', 3, { params: { absTolerance: 0.1 } })).toBe(1);
    expect(await scoreOf(numeric, '3.2', 3, { params: { absTolerance: 0.1 } })).toBe(0);
  });

  it('accepts answers within the relative tolerance of the expected value', async () => {
    expect(await scoreOf(numeric, '101', 100, { params: { relTolerance: 0.01 } })).toBe(1);
    expect(await scoreOf(numeric, '102', 100, { params: { relTolerance: 0.01 } })).toBe(0);
  });

  it('scores 0 when the output has no number', async () => {
    expect(await scoreWith(numeric, '', 42)).toEqual({ name: 'numeric', score: 0, details: { extracted: null } });
    expect(await scoreOf(numeric, 'forty-two', 42)).toBe(0);
  });

  it('accepts a numeric string as expected and explains anything else', async () => {
    expect(numeric.checkExpected?.('1,234', defaults)).toBeNull();
    expect(numeric.checkExpected?.('abc', defaults)).toBe('"expected" must be a number, got "abc"');
    expect(numeric.checkExpected?.(null, defaults)).toBe('"expected" must be a number, got null');
    expect(await scoreOf(numeric, '1234', '1,234')).toBe(1);
    expect(await scoreOf(numeric, '42', 'abc')).toBeNull();
  });

  it('rejects bad params with readable messages', () => {
    expect(paramsProblem(numeric, { absTolerance: -1 })).toContain('absTolerance must be 0 or more');
    expect(paramsProblem(numeric, { position: 'middle' })).toMatch(/"first"\|"last"[\s\S]*position/);
    expect(paramsProblem(numeric, { tolerance: 1 })).toContain('Unrecognized key: "tolerance"');
  });
});
