// POST /api/render: what the model would receive for one case, its token count and every problem
// with the program. Pure (no model call, no quota), and it never throws for a program mistake:
// the playground shows the problems next to the preview while the student types.
import type { RenderResponse } from '../core/api.js';
import { ProgramError } from '../core/errors.js';
import type { ModelRegistry, RenderedPrompt } from '../core/model.js';
import type { PromptProgram } from '../core/prompt-program.js';
import { inputFields, type Task } from '../core/task.js';
import { classPrompts } from '../grading/execute-image-text.js';
import { parseProgram } from '../grading/parse-program.js';
import { programProblems, withTaskDefaults } from '../prompts/check-program.js';
import { type Said, say } from '../shared/messages/say.js';
import { countPromptTokens } from '../prompts/count-prompt-tokens.js';
import { promptText, renderTextPrompt } from '../prompts/render-text.js';
import { resolveCase, type CaseRef } from './resolve-case.js';

export async function renderProgram(task: Task, input: unknown, ref: CaseRef | undefined, models: ModelRegistry): Promise<RenderResponse> {
  const maxPromptTokens = task.limits.maxPromptTokens;
  const answer = (fields: Omit<RenderResponse, 'maxPromptTokens' | 'problems' | 'problemsSaid'>, problems: Problem[]): RenderResponse => ({
    ...fields,
    maxPromptTokens,
    problems: problems.map((problem) => problem.message),
    problemsSaid: problems.map((problem) => problem.said),
  });
  let parsed: PromptProgram;
  try {
    parsed = parseProgram(input);
  } catch (error) {
    if (error instanceof ProgramError) return answer({ prompt: null, text: '', promptTokens: null }, problemsOf(error));
    throw error;
  }
  const problems: Problem[] = programProblems(parsed, task);
  const program = withTaskDefaults(parsed, task);
  const { inputs } = resolveCase(task, ref);

  if (program.kind === 'image-text') {
    const labels = task.fields.labels ?? Object.keys(program.labels);
    const text = labels.map((label) => `${label}: ${classPrompts(program, label).join(' | ')}`).join('\n');
    return answer({ prompt: null, text, promptTokens: null }, problems);
  }
  let prompt: RenderedPrompt;
  try {
    prompt = renderTextPrompt(program, inputs, inputFields(task));
  } catch (error) {
    if (error instanceof ProgramError) return answer({ prompt: null, text: '', promptTokens: null }, [...problems, ...problemsOf(error)]);
    throw error;
  }
  const promptTokens = await countTokensIfPossible(models, program.model, prompt);
  if (promptTokens !== null && promptTokens > maxPromptTokens) {
    problems.push({
      message: `the prompt has ${promptTokens} tokens; this task allows at most ${maxPromptTokens}. Shorten the instruction, or use fewer or shorter examples`,
      said: say('program.prompt_too_long', { tokens: promptTokens, limit: maxPromptTokens }),
    });
  }
  return answer({ prompt, text: promptText(prompt), promptTokens }, problems);
}

/** A problem of the preview; `said` is null for one that exists only in English. */
type Problem = { message: string; said: Said | null };

/** A ProgramError's problems paired with their codes when it said them one per problem. */
function problemsOf(error: ProgramError): Problem[] {
  const paired = error.said.length === error.problems.length;
  return error.problems.map((message, index) => ({ message, said: paired ? error.said[index]! : null }));
}

/** Null when the model is unknown or unavailable: the preview still shows the prompt. */
async function countTokensIfPossible(models: ModelRegistry, modelId: string, prompt: RenderedPrompt): Promise<number | null> {
  try {
    // forCounting: an API model without its key still counts (its tokenizer is local).
    const model = models.forCounting ? models.forCounting(modelId) : models.get(modelId);
    if (model.kind !== 'text') return null;
    const count = () => countPromptTokens(prompt, (text) => model.countTokens(text));
    try {
      // A local model counts from its tokenizer file alone: no need to load it (in the inference
      // pool that would start a member process), which keeps the live preview instant.
      await model.prepareTokenizer?.();
      return count();
    } catch {
      // Not on disk yet (a model still to be downloaded): loading it fetches the tokenizer too.
      await model.ready?.();
      return count();
    }
  } catch {
    return null;
  }
}
