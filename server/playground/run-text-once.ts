// POST /api/run: a text program on one case, the model's text streamed as it arrives. Goes through
// the same model caller as grading (cache, timeout, retries, metering), in the student's own cache
// scope: a run and a dev-split run of the same prompt by the same student share cached answers,
// nothing is shared with grading or other students.
import type { RunResult } from '../core/api.js';
import { ProgramError } from '../core/errors.js';
import type { TextModel } from '../core/model.js';
import type { TextProgram } from '../core/prompt-program.js';
import { inputFields, type Task } from '../core/task.js';
import { executeTextCase } from '../grading/execute-text-case.js';
import type { ModelCaller } from '../grading/model-caller.js';
import { extractAnswer } from '../prompts/answer.js';
import { countPromptTokens } from '../prompts/count-prompt-tokens.js';
import { renderTextPrompt } from '../prompts/render-text.js';
import { say } from '../shared/messages/say.js';

export function renderWithinLimit(program: TextProgram, task: Task, inputs: Record<string, string>, model: TextModel) {
  const prompt = renderTextPrompt(program, inputs, inputFields(task));
  const promptTokens = countPromptTokens(prompt, (text) => model.countTokens(text));
  if (promptTokens > task.limits.maxPromptTokens) {
    throw new ProgramError(
      [
        `the prompt has ${promptTokens} tokens; this task allows at most ${task.limits.maxPromptTokens}. Shorten the instruction, or use fewer or shorter examples`,
      ],
      [say('program.prompt_too_long', { tokens: promptTokens, limit: task.limits.maxPromptTokens })],
    );
  }
  return { prompt, promptTokens };
}

export async function runTextOnce(
  args: { program: TextProgram; task: Task; inputs: Record<string, string>; model: TextModel; caller: ModelCaller; now: () => number },
  onText: (delta: string) => void,
): Promise<RunResult> {
  const { program, task, inputs, model, caller } = args;
  const { prompt } = renderWithinLimit(program, task, inputs, model);
  const started = args.now();
  if (program.answer.mode === 'score-choices') {
    const outcome = await executeTextCase(program, prompt, model, caller);
    onText(outcome.rawOutput);
    return {
      prompt,
      rawOutput: outcome.rawOutput,
      output: outcome.output,
      ...(outcome.predicted !== undefined ? { predicted: outcome.predicted } : {}),
      ...(outcome.ranking ? { ranking: outcome.ranking } : {}),
      usage: { promptTokens: caller.stats.promptTokens, completionTokens: caller.stats.completionTokens },
      latencyMs: args.now() - started,
      cacheHit: outcome.cacheHit,
    };
  }
  const { decoding } = program;
  const result = await caller.generate(
    model,
    { prompt, temperature: decoding.temperature, topP: decoding.topP, maxTokens: decoding.maxTokens ?? task.limits.maxOutputTokens, stop: decoding.stop },
    { onText },
  );
  const answer = extractAnswer(result.value.text, program);
  return {
    prompt,
    rawOutput: result.value.text,
    output: answer.output,
    ...(answer.predicted !== undefined ? { predicted: answer.predicted } : {}),
    usage: result.value.usage,
    latencyMs: args.now() - started,
    cacheHit: result.cacheHit,
  };
}
