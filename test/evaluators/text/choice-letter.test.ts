import { describe, expect, it } from 'vitest';
import { findChoiceLetter } from '../../../evaluators/text/choice-letter.js';

describe('findChoiceLetter', () => {
  it.each([
    'B',
    'b',
    '(B)',
    'B.',
    'B)',
    '[B]',
    ' B \n',
    'B. London',
    '(B) London',
    'B: London',
    'Answer: B',
    'answer:B',
    'The correct answer is (B).',
    'Option B',
    '答案是B',
    '答案：Ｂ',
    '选 B',
  ])('reads %j as B', (text) => {
    expect(findChoiceLetter(text)).toBe('B');
  });

  it('uses the last answer phrase, where chain-of-thought concludes', () => {
    expect(findChoiceLetter('Option A looks plausible, but the answer is C.')).toBe('C');
  });

  it.each(['A dog is an animal', 'the answer is a dog', 'Answer: Bananas', 'London', ''])('finds no letter in %j', (text) => {
    expect(findChoiceLetter(text)).toBeNull();
  });

  it('accepts a lowercase letter after an answer phrase only in parentheses', () => {
    expect(findChoiceLetter('the answer is (c)')).toBe('C');
  });
});
