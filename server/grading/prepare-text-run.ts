// Renders every case's prompt before any model call, so a program that is invalid or over the
// task's token limit is rejected up front with one clear message, not per case at grading time.
import { ProgramError } from '../core/errors.js';
import type { RenderedPrompt, TextModel } from '../core/model.js';
import type { TextProgram } from '../core/prompt-program.js';
import { inputFields, type Task, type TaskCase } from '../core/task.js';
import { countPromptTokens } from '../prompts/count-prompt-tokens.js';
import { renderTextPrompt } from '../prompts/render-text.js';

export type PreparedTextCase = { testCase: TaskCase; prompt: RenderedPrompt; promptTokens: number };

export function prepareTextRun(program: TextProgram, task: Task, cases: TaskCase[], model: TextModel): PreparedTextCase[] {
  const fields = inputFields(task);
  const prepared = cases.map((testCase) => {
    const prompt = renderTextPrompt(program, testCase.inputs, fields);
    return { testCase, prompt, promptTokens: countPromptTokens(prompt, (text) => model.countTokens(text)) };
  });
  const limit = task.limits.maxPromptTokens;
  const over = prepared.filter((p) => p.promptTokens > limit);
  if (over.length) {
    const visible = over.filter((p) => p.testCase.split === 'dev');
    const hiddenCount = over.length - visible.length;
    const longest = Math.max(...over.filter((p) => p.testCase.split === 'dev').map((p) => p.promptTokens), 0);
    const parts: string[] = [];
    if (visible.length) parts.push(`dev case${visible.length > 1 ? 's' : ''} ${visible.slice(0, 5).map((p) => p.testCase.id).join(', ')}${visible.length > 5 ? ', ...' : ''} (up to ${longest} tokens)`);
    // Hidden cases are only counted: their ids and lengths would tell a student about the test split.
    if (hiddenCount) parts.push(`${hiddenCount} hidden test case${hiddenCount > 1 ? 's' : ''}`);
    throw new ProgramError([`the prompt is over this task's limit of ${limit} tokens for ${parts.join(' and ')}; shorten the instruction, use fewer or shorter examples`]);
  }
  if (program.answer.mode === 'score-choices' && !model.scoreChoices) {
    throw new ProgramError([`model ${model.id} cannot score choices; set answer.mode to "generate" or pick a model that supports it`]);
  }
  return prepared;
}
