import { describe, expect, it } from 'vitest';
import { multipleChoice } from '../../evaluators/multiple-choice.js';
import { paramsProblem, scoreOf, scoreWith } from './support.js';

const extra = { choices: ['Paris', 'London', 'Berlin', 'Rome'] };

describe('multiple-choice', () => {
  it.each(['B', 'b', '(B)', 'B.', 'Answer: B', 'The correct answer is (B).', 'B) London', '  B  \n'])('accepts %j as choosing B', async (output) => {
    expect(await scoreOf(multipleChoice, output, 'B', { extra })).toBe(1);
  });

  it('accepts the option text, normalised', async () => {
    expect(await scoreOf(multipleChoice, 'london.', 'B', { extra })).toBe(1);
    expect(await scoreOf(multipleChoice, 'ＬＯＮＤＯＮ', 'B', { extra })).toBe(1);
  });

  it('accepts the expected answer as option text', async () => {
    expect(await scoreWith(multipleChoice, '(B)', 'London', { extra })).toEqual({
      name: 'multiple-choice',
      score: 1,
      details: { chosen: 'B', expected: 'B' },
    });
  });

  it('reads Chinese answer phrases and Chinese options', async () => {
    expect(await scoreOf(multipleChoice, '答案是C', 'C', { extra })).toBe(1);
    expect(await scoreOf(multipleChoice, '答案：Ｃ。', 'Berlin', { extra })).toBe(1);
    const chinese = { options: ['北京', '上海'] };
    expect(await scoreOf(multipleChoice, '上海。', 'B', { extra: chinese, params: { choicesField: 'options' } })).toBe(1);
  });

  it('keeps accents in option texts', async () => {
    const accented = { choices: ['Café', 'Crème'] };
    expect(await scoreOf(multipleChoice, 'cafe\u0301', 'A', { extra: accented })).toBe(1);
    expect(await scoreOf(multipleChoice, 'CRÈME', 'B', { extra: accented })).toBe(1);
    expect(await scoreOf(multipleChoice, 'Creme', 'B', { extra: accented })).toBe(0);
  });

  it('scores wrong, empty and ambiguous outputs 0', async () => {
    expect(await scoreOf(multipleChoice, 'C', 'B', { extra })).toBe(0);
    expect(await scoreWith(multipleChoice, '', 'B', { extra })).toEqual({
      name: 'multiple-choice',
      score: 0,
      details: { chosen: null, expected: 'B' },
    });
    expect(await scoreOf(multipleChoice, 'A dog is an animal', 'A', { extra })).toBe(0);
    expect(await scoreOf(multipleChoice, 'Paris or London', 'A', { extra })).toBe(0);
  });

  it('takes the concluding letter of chain-of-thought output', async () => {
    expect(await scoreOf(multipleChoice, 'Option A seems plausible, but the answer is C.', 'C', { extra })).toBe(1);
  });

  it('does not accept a letter beyond the options', async () => {
    expect(await scoreWith(multipleChoice, 'E', 'B', { extra })).toMatchObject({ score: 0, details: { chosen: null } });
  });

  it('compares letters when the case has no options list', async () => {
    expect(await scoreOf(multipleChoice, 'Answer: C', 'C')).toBe(1);
    expect(await scoreOf(multipleChoice, 'Answer: D', 'C')).toBe(0);
    const result = await scoreWith(multipleChoice, 'C', 'Paris');
    expect(result.score).toBeNull();
    expect(result.details?.problem).toBe('"expected" must be a letter such as "B" (the case has no options list), got "Paris"');
  });

  it('cannot score an expected value that is neither a letter nor an option, or a malformed options list', async () => {
    const unknown = await scoreWith(multipleChoice, 'B', 'Madrid', { extra });
    expect(unknown.details?.problem).toBe('"expected" must be a letter A-D or one of the option texts, got "Madrid"');
    const malformed = await scoreWith(multipleChoice, 'B', 'B', { extra: { choices: 'Paris, London' } });
    expect(malformed.score).toBeNull();
    expect(malformed.details?.problem).toMatch(/case field "choices" must be a non-empty list of option strings/);
    expect(multipleChoice.checkExpected?.(2, { choicesField: 'choices' })).toBe('"expected" must be an option letter like "B" or the option text, got 2');
  });

  it('rejects bad params with readable messages', () => {
    expect(paramsProblem(multipleChoice, { choicesField: '' })).toContain('choicesField must name a case field');
    expect(paramsProblem(multipleChoice, { choices: ['a'] })).toContain('Unrecognized key: "choices"');
  });
});
