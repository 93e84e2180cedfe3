// A task's budgets must fit every model it allows: a prompt of `maxPromptTokens` plus an answer of
// `maxOutputTokens` is what a student may ask for, and a model reading 1024 tokens in all (gpt2)
// would cut a 1024-token prompt's answer to nothing. Image-text tasks send no prompt budget.
import type { Task } from '../core/task.js';
import type { ModelCatalogue } from './model-facts.js';
import { step, type SoundnessStep } from './report.js';

const NAME = 'context fits';

export function checkContextFits(task: Task, catalogue: ModelCatalogue): SoundnessStep {
  if (task.modality !== 'text') return step(NAME, 'not-applicable', 'image-text task: no prompt or output budget');
  const { maxPromptTokens, maxOutputTokens } = task.limits;
  const needed = maxPromptTokens + maxOutputTokens;
  const problems: string[] = [];
  const unknown: string[] = [];
  let tightest: { id: string; tokens: number } | null = null;
  for (const id of task.models) {
    const facts = catalogue(id);
    // An unknown model id is the catalog's error (task.yaml models:), reported before this step.
    if (facts?.kind !== 'text') continue;
    if (!facts.context) {
      unknown.push(id);
      continue;
    }
    if (!tightest || facts.context.tokens < tightest.tokens) tightest = { id, tokens: facts.context.tokens };
    if (needed > facts.context.tokens) {
      problems.push(
        `${id} reads ${facts.context.tokens} tokens in all (${facts.context.source}), but limits allow a prompt of ${maxPromptTokens} plus ${maxOutputTokens} output tokens (${needed}); ` +
          `lower limits.maxPromptTokens to ${Math.max(1, facts.context.tokens - maxOutputTokens)} or less, or drop the model`,
      );
    }
  }
  const budget = `prompt ${maxPromptTokens} + output ${maxOutputTokens} = ${needed} tokens`;
  if (problems.length) return step(NAME, 'fail', `${budget} must fit every allowed model's context`, problems);
  if (unknown.length)
    return step(NAME, 'warn', `${budget}; the context length of ${unknown.join(', ')} is not known`, [
      `add contextTokens to ${unknown.join(', ')} in models.yaml so this step can prove the budgets fit`,
    ]);
  return step(NAME, 'ok', `${budget} fits every allowed model${tightest ? ` (the smallest context: ${tightest.id}, ${tightest.tokens})` : ''}`);
}
