// What makes the grader's prompt-length check sound without looking at hidden cases: the grader
// refuses a prompt that is too long with the *longest dev input* (grading/prepare-text-run.ts),
// never because of a hidden case. That covers the hidden cases only if none of their inputs is
// longer than the longest dev input; this step proves it for every allowed text model's tokenizer
// (characters when a tokenizer is not available), within a small allowance that the task's limit
// leaves room for. A failing task is named with its case ids: this report is for staff only.
import type { ModelRegistry } from '../core/model.js';
import { inputFields, type Task, type TaskCase } from '../core/task.js';
import { step, type SoundnessStep } from './report.js';

/** How much longer than the longest dev input a hidden input may be: a few tokens of tokenizer noise. */
export const HIDDEN_INPUT_ALLOWANCE_TOKENS = 8;
/** The same allowance when lengths are counted in characters (about four characters a token). */
export const HIDDEN_INPUT_ALLOWANCE_CHARS = 4 * HIDDEN_INPUT_ALLOWANCE_TOKENS;

type Measure = { name: string; unit: 'tokens' | 'characters'; count: (text: string) => number };

/** The text of a case's inputs as a template puts them in a prompt: every field, one per line. */
function inputText(testCase: TaskCase, fields: string[]): string {
  return fields.map((field) => testCase.inputs[field] ?? '').join('\n');
}

/** Imports the tokenizer library of the task's local text models, so their counts below are real. */
export async function prepareTaskTokenizers(task: Task, models: ModelRegistry): Promise<void> {
  for (const id of task.models) {
    try {
      const model = models.get(id);
      if (model.kind === 'text') await model.prepareTokenizer?.();
    } catch {
      // Not configured here, or not usable: measuresFor falls back to characters for it.
    }
  }
}

function measuresFor(task: Task, models: ModelRegistry): Measure[] {
  const measures: Measure[] = [];
  let withoutTokenizer: string[] = [];
  for (const id of task.models) {
    try {
      const model = models.get(id);
      if (model.kind !== 'text') continue;
      model.countTokens('probe');
      measures.push({ name: id, unit: 'tokens', count: (text) => model.countTokens(text) });
    } catch {
      // Not configured here, or its tokenizer is not downloaded: characters stand in below.
      withoutTokenizer = [...withoutTokenizer, id];
    }
  }
  if (withoutTokenizer.length || !measures.length) {
    measures.push({
      name: withoutTokenizer.length ? `characters (no tokenizer for ${withoutTokenizer.join(', ')})` : 'characters',
      unit: 'characters',
      count: (text) => [...text].length,
    });
  }
  return measures;
}

export function checkHiddenInputLengths(task: Task, models: ModelRegistry): SoundnessStep {
  const name = 'hidden input lengths';
  if (task.modality !== 'text') return step(name, 'not-applicable', 'image-text task: prompts do not contain case inputs');
  if (!task.dev.length)
    return step(name, 'fail', 'no dev cases to measure prompts with', ['the dev split is empty: the grader checks prompt length with the longest dev input']);
  const fields = inputFields(task);
  const problems: string[] = [];
  const measures = measuresFor(task, models);
  for (const measure of measures) {
    const allowance = measure.unit === 'tokens' ? HIDDEN_INPUT_ALLOWANCE_TOKENS : HIDDEN_INPUT_ALLOWANCE_CHARS;
    const longestDev = Math.max(...task.dev.map((c) => measure.count(inputText(c, fields))));
    const over = task.test.map((c) => ({ id: c.id, length: measure.count(inputText(c, fields)) })).filter((c) => c.length > longestDev + allowance);
    if (over.length) {
      problems.push(
        `${measure.name}: hidden case${over.length > 1 ? 's' : ''} ${over
          .slice(0, 10)
          .map((c) => `${c.id} (${c.length})`)
          .join(', ')}${over.length > 10 ? ', ...' : ''} ` +
          `longer than the longest dev input (${longestDev} ${measure.unit}) plus ${allowance}; a prompt that fits with every dev input could be over the limit on ${over.length > 1 ? 'them' : 'it'}. ` +
          'Add a dev case at least as long, or move the case to the dev split',
      );
    }
  }
  const summary = `no hidden input is longer than the longest dev input (allowing ${HIDDEN_INPUT_ALLOWANCE_TOKENS} tokens or ${HIDDEN_INPUT_ALLOWANCE_CHARS} characters), measured with ${measures.map((m) => m.name).join('; ')}`;
  return problems.length ? step(name, 'fail', `some hidden inputs are longer than every dev input`, problems) : step(name, 'ok', summary);
}
