// Runs a text prompt program on one case: free generation then answer extraction, or choice
// scoring (the log-likelihood of each verbalizer word, as evaluation harnesses do for base models).
import { ProgramError } from '../core/errors.js';
import type { RenderedPrompt, TextModel } from '../core/model.js';
import type { TextProgram } from '../core/prompt-program.js';
import { answerReader, type AnswerReader } from '../prompts/answer.js';
import type { CaseOutcome } from './case-outcome.js';
import type { ModelCaller } from './model-caller.js';
import { say } from '../shared/messages/say.js';

/** Completion prompts end at "Label:"; the choice then starts with a space, as the model would write it. */
function continuationOf(prompt: RenderedPrompt, word: string): string {
  if (prompt.style === 'chat') return word;
  return prompt.text === '' || /\s$/.test(prompt.text) ? word : ` ${word}`;
}

export async function executeTextCase(
  program: TextProgram,
  prompt: RenderedPrompt,
  model: TextModel,
  caller: ModelCaller,
  /** One per run (grade-program.ts): the extraction pattern compiled once for every case. */
  readAnswer: AnswerReader = answerReader(program),
): Promise<CaseOutcome> {
  if (program.answer.mode === 'score-choices') return scoreChoicesCase(program, prompt, model, caller);
  const { decoding } = program;
  const request = {
    prompt,
    temperature: decoding.temperature,
    topP: decoding.topP,
    // withTaskDefaults has filled it from the task; 32 only guards direct callers.
    maxTokens: decoding.maxTokens ?? 32,
    stop: decoding.stop,
  };
  // The model's lean path when it has one (an API model's bare node:http exchange): the same
  // request, answers and errors as generate, for half the CPU, and without the fetch objects whose
  // garbage made a grading run's peak memory grow with its number of cases (bench/startup).
  const result = await caller.generate(model, request, { forward: true });
  const answer = readAnswer(result.value.text);
  return {
    rawOutput: result.value.text,
    output: answer.output,
    ...(answer.predicted !== undefined ? { predicted: answer.predicted } : {}),
    attempts: result.attempts,
    cacheHit: result.cacheHit,
  };
}

async function scoreChoicesCase(program: TextProgram, prompt: RenderedPrompt, model: TextModel, caller: ModelCaller): Promise<CaseOutcome> {
  if (!model.scoreChoices) {
    throw new ProgramError(
      [`model ${model.id} cannot score choices; set answer.mode to "generate" or pick a model that supports it`],
      [say('program.cannot_score_choices', { model: model.id })],
    );
  }
  const labels = Object.entries(program.answer.labels ?? {});
  const choices = labels.flatMap(([, words]) => words.map((word) => continuationOf(prompt, word)));
  const result = await caller.scoreChoices(model, prompt, choices);
  const logprobs = result.value.logprobs.map((value) => (typeof value === 'number' && Number.isFinite(value) ? value : -Infinity));
  let offset = 0;
  // A label is as likely as its most likely word.
  const scored = labels.map(([label, words]) => {
    const best = Math.max(...logprobs.slice(offset, offset + words.length));
    offset += words.length;
    return { label, logprob: best };
  });
  scored.sort((a, b) => b.logprob - a.logprob);
  const top = scored[0]!;
  return {
    rawOutput: scored.map((s) => `${s.label}: ${Number.isFinite(s.logprob) ? s.logprob.toFixed(3) : '-inf'}`).join(', '),
    output: top.label,
    predicted: top.label,
    ranking: scored.map((s) => s.label),
    attempts: result.attempts,
    cacheHit: result.cacheHit,
  };
}
