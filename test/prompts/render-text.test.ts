import { describe, expect, it } from 'vitest';
import { TextProgramSchema } from '../../server/core/prompt-program.js';
import { ProgramError } from '../../server/core/errors.js';
import { fillTemplate } from '../../server/prompts/fill-template.js';
import { renderTextPrompt } from '../../server/prompts/render-text.js';
import { countPromptTokens } from '../../server/prompts/count-prompt-tokens.js';

const base = TextProgramSchema.parse({
  kind: 'text',
  model: 'davinci-002',
  instruction: 'Label the sentiment.',
  examples: [
    { input: 'Great!', output: 'positive' },
    { input: 'Awful.', output: 'negative' },
  ],
  template: { input: 'Review: {input}', output: 'Sentiment: {output}' },
});

describe('renderTextPrompt', () => {
  it('renders a completion prompt that ends at the output prefix, without its trailing space', () => {
    expect(renderTextPrompt(base, { review: 'Fine.' }, ['review'])).toEqual({
      style: 'completion',
      text: 'Label the sentiment.\n\nReview: Great!\nSentiment: positive\n\nReview: Awful.\nSentiment: negative\n\nReview: Fine.\nSentiment:',
    });
  });

  it('renders chat turns: instruction as system, examples as user/assistant pairs', () => {
    const prompt = renderTextPrompt({ ...base, style: 'chat' }, { review: 'Fine.' }, ['review']);
    expect(prompt).toEqual({
      style: 'chat',
      messages: [
        { role: 'system', content: 'Label the sentiment.' },
        { role: 'user', content: 'Review: Great!' },
        { role: 'assistant', content: 'Sentiment: positive' },
        { role: 'user', content: 'Review: Awful.' },
        { role: 'assistant', content: 'Sentiment: negative' },
        { role: 'user', content: 'Review: Fine.' },
      ],
    });
  });

  it('renders chat with inline examples as one user message', () => {
    const prompt = renderTextPrompt({ ...base, style: 'chat', examplesAs: 'inline' }, { review: 'Fine.' }, ['review']);
    expect(prompt).toEqual({
      style: 'chat',
      messages: [
        { role: 'system', content: 'Label the sentiment.' },
        { role: 'user', content: 'Review: Great!\nSentiment: positive\n\nReview: Awful.\nSentiment: negative\n\nReview: Fine.\nSentiment:' },
      ],
    });
  });

  it('fills several input fields by name, with custom separators, and zero-shot without an instruction', () => {
    const program = TextProgramSchema.parse({
      kind: 'text',
      model: 'm',
      template: { input: 'P: {premise}\nH: {hypothesis}', output: 'A: {output}', separator: '\n###\n', joiner: ' | ' },
      examples: [{ input: { premise: 'a', hypothesis: 'b' }, output: 'neutral' }],
    });
    const prompt = renderTextPrompt(program, { premise: 'x', hypothesis: 'y' }, ['premise', 'hypothesis']);
    expect(prompt).toEqual({ style: 'completion', text: 'P: a\nH: b | A: neutral\n###\nP: x\nH: y | A:' });
  });

  it('keeps unicode and Chinese text as is', () => {
    const prompt = renderTextPrompt({ ...base, examples: [] }, { review: '这部电影很好看！ café' }, ['review']);
    expect(prompt).toEqual({ style: 'completion', text: 'Label the sentiment.\n\nReview: 这部电影很好看！ café\nSentiment:' });
  });
});

describe('fillTemplate', () => {
  it('writes literal braces for {{ and }} (JSON in templates)', () => {
    expect(fillTemplate('{{"text": "{input}"}}', { input: 'hi' }, 'template')).toBe('{"text": "hi"}');
  });

  it('names the unknown placeholder and the known ones', () => {
    expect(() => fillTemplate('Review: {reveiw}', { review: 'x', input: 'x' }, 'template.input')).toThrow(ProgramError);
    expect(() => fillTemplate('Review: {reveiw}', { review: 'x', input: 'x' }, 'template.input')).toThrow(
      'template.input uses {reveiw}, but only {review}, {input} can be used there',
    );
  });
});

describe('countPromptTokens', () => {
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
  it('counts a completion prompt with the tokenizer', () => {
    expect(countPromptTokens({ style: 'completion', text: 'one two three' }, words)).toBe(3);
  });
  it('adds the per-message overhead for chat', () => {
    expect(
      countPromptTokens(
        {
          style: 'chat',
          messages: [
            { role: 'system', content: 'a b' },
            { role: 'user', content: 'c' },
          ],
        },
        words,
      ),
    ).toBe(3 + (3 + 2) + (3 + 1));
  });
});
