import { describe, expect, it } from 'vitest';
import { regexMatch } from '../../evaluators/regex-match.js';
import { paramsProblem, scoreOf, scoreWith } from './support.js';

const answerLine = { pattern: 'Answer:\\s*(.+)' };

describe('regex-match', () => {
  it('extracts the first capture group and compares it normalised', async () => {
    const result = await scoreWith(regexMatch, 'Thinking...\nAnswer: The Eiffel Tower.', 'eiffel tower', { params: answerLine });
    expect(result).toEqual({ name: 'regex-match', score: 1, details: { extracted: 'The Eiffel Tower.' } });
  });

  it('uses the whole match when the pattern has no group', async () => {
    expect(await scoreOf(regexMatch, 'room 42, floor 3', '42', { params: { pattern: '\\d+' } })).toBe(1);
  });

  it('uses the first group that took part in the match', async () => {
    expect(await scoreOf(regexMatch, 'y7', '7', { params: { pattern: 'x(\\d)|y(\\d)' } })).toBe(1);
  });

  it('applies flags', async () => {
    const params = { pattern: 'answer:\\s*(\\w+)', flags: 'i' };
    expect(await scoreOf(regexMatch, 'ANSWER: Yes', 'yes', { params })).toBe(1);
    expect(await scoreOf(regexMatch, 'ANSWER: Yes', 'yes', { params: { pattern: params.pattern } })).toBe(0);
  });

  it('works with Chinese text and full-width punctuation', async () => {
    const params = { pattern: '答案[:：]\\s*(.+)' };
    expect(await scoreOf(regexMatch, '分析……\n答案：北京。', '北京', { params })).toBe(1);
    expect(await scoreOf(regexMatch, 'Answer: ＰＡＲＩＳ', 'paris', { params: answerLine })).toBe(1);
  });

  it('tolerates extra whitespace and trailing punctuation in the extracted answer', async () => {
    expect(await scoreOf(regexMatch, 'Answer:    Paris   !', 'Paris', { params: answerLine })).toBe(1);
  });

  it('scores 0 when nothing matches, including an empty output, or the answer is wrong', async () => {
    expect(await scoreWith(regexMatch, 'Paris', 'Paris', { params: answerLine })).toEqual({
      name: 'regex-match',
      score: 0,
      details: { extracted: null },
    });
    expect(await scoreOf(regexMatch, '', 'Paris', { params: answerLine })).toBe(0);
    expect(await scoreOf(regexMatch, 'Answer: London', 'Paris', { params: answerLine })).toBe(0);
  });

  it('accepts a list of expected answers', async () => {
    expect(await scoreOf(regexMatch, 'Answer: NYC', ['New York', 'NYC'], { params: answerLine })).toBe(1);
  });

  it('rejects a missing pattern, an invalid pattern and stateful flags with readable messages', () => {
    expect(paramsProblem(regexMatch, {})).toContain('pattern is required');
    expect(paramsProblem(regexMatch, { pattern: 'Answer: (' })).toMatch(/pattern is not a valid regular expression: .*Unterminated group/);
    expect(paramsProblem(regexMatch, { pattern: 'a', flags: 'g' })).toContain('flags may only contain i, m, s, u, v and d');
    expect(paramsProblem(regexMatch, { pattern: 'a', extract: 1 })).toContain('Unrecognized key: "extract"');
  });
});
