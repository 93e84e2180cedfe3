// The step that makes the grader's dev-only prompt-length check cover the hidden cases: no hidden
// input longer than the longest dev input (beyond a few tokens). Token counts per allowed model are
// covered in test/security/limit-refusal.test.ts; here the shipped tasks and the character fallback.
import { describe, expect, it } from 'vitest';
import type { ModelRegistry } from '../../server/core/model.js';
import { checkHiddenInputLengths, HIDDEN_INPUT_ALLOWANCE_CHARS } from '../../server/soundness/hidden-input-lengths.js';
import { earlyAssignmentTaskIds, shippedCatalog } from '../tasks/shipped-tasks.js';

const catalog = shippedCatalog();
/** No model is configured (no keys, no downloads): lengths are counted in characters. */
const noModels: ModelRegistry = {
  get: (id) => {
    throw new Error(`model ${id} is not configured`);
  },
  list: () => [],
};

describe('hidden input lengths', () => {
  it('hold for every shipped task (image-text tasks are not applicable)', () => {
    for (const id of earlyAssignmentTaskIds()) {
      const task = catalog.task(id);
      expect(checkHiddenInputLengths(task, noModels), id).toMatchObject({ status: task.modality === 'text' ? 'ok' : 'not-applicable', problems: [] });
    }
  });

  it('names, for staff, a hidden case longer than every dev input, measured in characters without a tokenizer', () => {
    const task = catalog.task('sentiment');
    const longest = Math.max(...task.dev.map((c) => c.inputs.review!.length));
    const [first, ...rest] = task.test;
    const long = { ...first!, inputs: { review: 'x'.repeat(longest + HIDDEN_INPUT_ALLOWANCE_CHARS + 1) } };
    const result = checkHiddenInputLengths({ ...task, test: [long, ...rest] }, noModels);
    expect(result.status).toBe('fail');
    expect(result.problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^characters \\(no tokenizer for ${task.models[0]}, .*\\): hidden case ${first!.id} \\(\\d+\\) longer than the longest dev input \\(${longest} characters\\) plus ${HIDDEN_INPUT_ALLOWANCE_CHARS}`,
        ),
      ),
    ]);
    // Exactly at the allowance is fine.
    const atAllowance = { ...first!, inputs: { review: 'x'.repeat(longest + HIDDEN_INPUT_ALLOWANCE_CHARS) } };
    expect(checkHiddenInputLengths({ ...task, test: [atAllowance, ...rest] }, noModels).status).toBe('ok');
  });

  it('fails a text task without dev cases: the grader would have nothing to measure prompts with', () => {
    const task = catalog.task('sentiment');
    expect(checkHiddenInputLengths({ ...task, dev: [] }, noModels)).toMatchObject({ status: 'fail' });
  });
});
