import { describe, expect, it } from 'vitest';
import { TextProgramSchema } from '../../server/core/prompt-program.js';
import { extractAnswer, matchLabel } from '../../server/prompts/answer.js';

const labels = { positive: ['positive', 'good'], negative: ['negative', 'bad'], neutral: ['neutral'] };

describe('matchLabel (verbalizer)', () => {
  it.each([
    ['positive', 'positive'],
    ['  Positive.', 'positive'],
    ['GOOD!', 'positive'],
    ['negative, because the battery died', 'negative'],
    ['I think it is bad', 'negative'],
    ['ｐｏｓｉｔｉｖｅ', 'positive'], // full-width forms normalise (NFKC)
  ])('%j -> %s', (answer, label) => {
    expect(matchLabel(answer, labels)).toBe(label);
  });

  it.each([[''], ['   '], ['maybe'], ['not good, rather bad'], ['positivity']])('%j -> no label', (answer) => {
    expect(matchLabel(answer, labels)).toBeNull();
  });

  it('prefers the longest word when labels share a prefix', () => {
    expect(matchLabel('very positive', { strong: ['very positive'], weak: ['positive'] })).toBe('strong');
  });

  it('matches Chinese label words', () => {
    expect(matchLabel('正面。', { positive: ['正面'], negative: ['负面'] })).toBe('positive');
  });
});

describe('extractAnswer', () => {
  const program = (answer: object, output = 'Sentiment: {output}') =>
    TextProgramSchema.parse({ kind: 'text', model: 'm', template: { input: '{input}', output }, answer });

  it('strips the output prefix a chat model repeats', () => {
    expect(extractAnswer('Sentiment: positive', program({}))).toEqual({ output: 'positive' });
  });

  it('applies the extraction regex (first group) then the verbalizer', () => {
    expect(extractAnswer('The answer is: BAD (really)', program({ extract: 'answer is: (\\w+)', labels }))).toEqual({
      output: 'negative',
      predicted: 'negative',
    });
  });

  it('gives an empty answer when the regex does not match', () => {
    expect(extractAnswer('no number here', program({ extract: '(-?\\d+)' }))).toEqual({ output: '' });
  });

  it('keeps the text and predicts null when no label word is found', () => {
    expect(extractAnswer('unsure', program({ labels }))).toEqual({ output: 'unsure', predicted: null });
  });

  it('rejects an invalid regex when the program is parsed', () => {
    expect(() => program({ extract: '(unclosed' })).toThrow(/extract.*not a valid regular expression/s);
  });
});
