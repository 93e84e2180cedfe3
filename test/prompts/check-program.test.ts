import { describe, expect, it } from 'vitest';
import { PromptProgramSchema } from '../../server/core/prompt-program.js';
import { checkProgramForTask } from '../../server/prompts/check-program.js';
import { loadFixtureTask } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
const program = (fields: object) => PromptProgramSchema.parse({ kind: 'text', model: 'gpt-4o-mini', template: { input: 'Review: {review}' }, ...fields });

describe('checkProgramForTask', () => {
  it('accepts a program within the limits', () => {
    expect(checkProgramForTask(program({}), task)).toEqual([]);
  });

  it('lists every problem with how to fix it', () => {
    const problems = checkProgramForTask(
      program({
        model: 'davinci-003',
        template: { input: 'Text: {text}' },
        examples: Array.from({ length: 9 }, () => ({ input: 'x', output: 'positive' })),
        decoding: { maxTokens: 64 },
        answer: { labels: { positive: ['yes'], neutral: ['meh'] } },
      }),
      task,
    );
    expect(problems).toEqual([
      'model "davinci-003" is not allowed on this task; choose one of gpt-4o-mini, davinci-002, gpt-4.1-mini, babbage-002',
      "template.input uses {text}; this task's inputs are {review}, {input}",
      '9 few-shot examples; this task allows at most 8',
      'decoding.maxTokens is 64; this task allows at most 16',
      'answer.labels has "neutral", which this task does not have; its labels are positive, negative',
    ]);
  });

  it('refuses an image-text program on a text task', () => {
    expect(checkProgramForTask(PromptProgramSchema.parse({ kind: 'image-text', model: 'gpt-4o-mini', labels: {} }), task)).toEqual([
      'this task needs a text program (kind: "text"), not kind "image-text"',
    ]);
  });
});
