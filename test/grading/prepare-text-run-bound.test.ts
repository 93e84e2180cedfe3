// The prompt-limit check counts exactly only when the model's cheap bound (maxTokens) does not
// already show that the prompt fits: an API model's tokenizer (about 0.5 s and 70 MiB to load)
// stays unloaded for a prompt well inside the limit, and the refusal is unchanged otherwise.
import { describe, expect, it } from 'vitest';
import { ProgramError } from '../../server/core/errors.js';
import type { TextModel } from '../../server/core/model.js';
import type { TextProgram } from '../../server/core/prompt-program.js';
import { parseProgram } from '../../server/grading/parse-program.js';
import { checkTextRun } from '../../server/grading/prepare-text-run.js';
import { withTaskDefaults } from '../../server/prompts/check-program.js';
import { chatProgram, loadFixtureTask } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
const program = withTaskDefaults(parseProgram(chatProgram), task) as TextProgram;

function countingModel(bound: boolean): TextModel & { exactCounts: number } {
  const model = {
    id: 'm',
    kind: 'text' as const,
    style: 'chat' as const,
    fingerprint: 'm',
    exactCounts: 0,
    generate: () => Promise.reject(new Error('not called')),
    countTokens(text: string) {
      model.exactCounts++;
      return Math.ceil(text.length / 4);
    },
    ...(bound ? { maxTokens: (text: string) => Buffer.byteLength(text, 'utf8') } : {}),
  };
  return model;
}

describe('checkTextRun and the token bound', () => {
  it('skips exact counting when the bound fits', () => {
    const model = countingModel(true);
    expect(() => checkTextRun(program, task, task.test, model)).not.toThrow();
    expect(model.exactCounts).toBe(0);
  });

  it('counts exactly without a bound, or when the bound is over the limit', () => {
    const plain = countingModel(false);
    checkTextRun(program, task, task.test, plain);
    expect(plain.exactCounts).toBeGreaterThan(0);
    const tight = { ...task, limits: { ...task.limits, maxPromptTokens: 100 } };
    const bounded = countingModel(true);
    // Over by bytes, within by the exact count: it passes, after counting exactly.
    expect(() => checkTextRun(program, tight, task.test, bounded)).not.toThrow();
    expect(bounded.exactCounts).toBeGreaterThan(0);
  });

  it('refuses with the exact count when the prompt is too long', () => {
    const tiny = { ...task, limits: { ...task.limits, maxPromptTokens: 5 } };
    const model = countingModel(true);
    expect(() => checkTextRun(program, tiny, task.test, model)).toThrow(ProgramError);
    expect(() => checkTextRun(program, tiny, task.test, model)).toThrow(/it has \d+ tokens; this task allows at most 5/);
  });
});
