// Renders every case's prompt before any model call, so a program that is invalid or over the
// task's token limit is rejected up front with one clear message, not per case at grading time.
//
// The limit is checked on visible data only: the program rendered with each dev input. Hidden cases
// are never the reason for a refusal (a refusal that counted or measured them would let a student
// pad a prompt step by step and read off the lengths of the hidden inputs). `tasks check` proves
// that no hidden input is longer than the longest dev input by more than a few tokens
// (soundness/hidden-input-lengths.ts), so what passes on dev fits on the hidden cases too.
import { ProgramError } from '../core/errors.js';
import type { TextModel } from '../core/model.js';
import type { TextProgram } from '../core/prompt-program.js';
import { inputFields, type Task, type TaskCase } from '../core/task.js';
import { countPromptTokens } from '../prompts/count-prompt-tokens.js';
import { renderTextPrompt } from '../prompts/render-text.js';
import { say } from '../shared/messages/say.js';

/** The program's prompt tokens with the longest dev input (empty inputs on a task without dev cases). */
export function longestDevPromptTokens(program: TextProgram, task: Task, model: Pick<TextModel, 'countTokens'>): number {
  const fields = inputFields(task);
  const inputs = task.dev.length ? task.dev.map((c) => c.inputs) : [Object.fromEntries(fields.map((field) => [field, '']))];
  return Math.max(...inputs.map((caseInputs) => countPromptTokens(renderTextPrompt(program, caseInputs, fields), (text) => model.countTokens(text))));
}

/** The one refusal: the same words whatever the padding; its only number is computed from dev inputs. */
export function promptTooLong(tokens: number, limit: number): string {
  return `your prompt is too long: with the longest dev input it has ${tokens} tokens; this task allows at most ${limit}. Shorten the instruction, or use fewer or shorter examples`;
}

/**
 * The exact token count of the longest dev prompt when it is over the limit, else null. The exact
 * count (which may load a tokenizer) is taken only when the model's cheap bound does not settle it.
 */
function devTokensOverLimit(program: TextProgram, task: Task, model: TextModel, limit: number): number | null {
  const bound = model.maxTokens;
  if (bound && longestDevPromptTokens(program, task, { countTokens: (text) => bound.call(model, text) }) <= limit) return null;
  const tokens = longestDevPromptTokens(program, task, model);
  return tokens > limit ? tokens : null;
}

/**
 * Checks a text program on these cases before any model call: every case is rendered (a template
 * that cannot be filled is refused) and let go, so grading renders each case's prompt again when it
 * runs it instead of holding every prompt of a large split at once.
 */
export function checkTextRun(program: TextProgram, task: Task, cases: TaskCase[], model: TextModel): void {
  // What does not depend on a case: over the prompt limit, or a choice-scoring program on a model that cannot.
  const limit = task.limits.maxPromptTokens;
  const tokens = devTokensOverLimit(program, task, model, limit);
  if (tokens !== null) throw new ProgramError([promptTooLong(tokens, limit)], [say('program.prompt_too_long', { tokens, limit })]);
  if (program.answer.mode === 'score-choices' && !model.scoreChoices) {
    throw new ProgramError(
      [`model ${model.id} cannot score choices; set answer.mode to "generate" or pick a model that supports it`],
      [say('program.cannot_score_choices', { model: model.id })],
    );
  }
  const fields = inputFields(task);
  for (const testCase of cases) renderTextPrompt(program, testCase.inputs, fields);
}
