// Log-likelihood of each answer choice, so that classification tasks can pick the most likely
// label instead of parsing free text. Base models score the whole choice exactly (echo); chat
// models only expose the top alternatives for the first answer token, so they are scored on that.
import type { ChatMessage, ChoiceScores, CallOptions } from '../../core/model.js';
import { ProviderError } from '../../core/errors.js';
import { callProvider, chatMaxTokens, type OpenAICallContext } from './call-context.js';
import { malformedResponse } from './map-error.js';
import { countChatTokens } from './tokenizer.js';
import { ChatCompletionSchema, CompletionSchema, describeIssue, toUsage, type TokenLogprob } from './wire-schemas.js';

/**
 * Score for a chat choice whose first token is not among the top alternatives: well below any
 * real top-20 logprob (those are rarely under -30) but finite, so sums and softmaxes stay usable.
 */
export const CHOICE_LOGPROB_FLOOR = -100;
/** The most alternatives OpenAI returns per position. */
export const CHAT_TOP_LOGPROBS = 20;

/**
 * Sum of the logprobs of the tokens that carry choice text, i.e. that end after `promptLength`
 * characters. A token straddling the boundary (BPE can merge a trailing space of the prompt into
 * the choice's first token) counts as part of the choice.
 */
export function sumContinuationLogprobs(
  logprobs: { tokens: string[]; token_logprobs: (number | null)[]; text_offset?: number[] | null },
  promptLength: number,
): { sum: number; tokens: number } {
  let sum = 0;
  let tokens = 0;
  let offset = 0;
  logprobs.tokens.forEach((token, i) => {
    const start = logprobs.text_offset?.[i] ?? offset;
    offset = start + token.length;
    if (start + token.length <= promptLength || token.length === 0) return;
    tokens++;
    // Only the very first token of the text lacks a logprob; it can only belong to the choice when
    // the prompt is empty, and then there is nothing to condition on: it adds nothing.
    sum += logprobs.token_logprobs[i] ?? 0;
  });
  return { sum, tokens };
}

function normalize(token: string): string {
  return token.trim().toLowerCase();
}

function logSumExp(values: number[]): number {
  const max = Math.max(...values);
  return max + Math.log(values.reduce((total, v) => total + Math.exp(v - max), 0));
}

/**
 * Logprob that the answer starts with `choice`, from the first position's top alternatives.
 * Tokens match when, ignoring case and surrounding whitespace, they are a prefix of the choice
 * ("Positive", " positive" and "positive" all match "positive"); only the longest matching
 * tokens count, and their probabilities are added (they are different ways to say the same
 * start). Choices sharing a first token ("yes"/"yesterday") get the same score: a known limit of
 * first-token scoring. No match gives CHOICE_LOGPROB_FLOOR.
 */
export function firstTokenScore(top: { token: string; logprob: number }[], choice: string): number {
  const target = normalize(choice);
  if (!target) return CHOICE_LOGPROB_FLOOR;
  let bestLength = 0;
  let matched: number[] = [];
  for (const entry of top) {
    const token = normalize(entry.token);
    if (!token || !target.startsWith(token) || token.length < bestLength) continue;
    if (token.length > bestLength) {
      bestLength = token.length;
      matched = [];
    }
    matched.push(entry.logprob);
  }
  if (matched.length === 0) return CHOICE_LOGPROB_FLOOR;
  return Math.max(CHOICE_LOGPROB_FLOOR, Math.min(0, logSumExp(matched)));
}

/** Base models: one /completions request with every prompt+choice, echoed with logprobs and no generation. */
export async function scoreChoicesByEcho(context: OpenAICallContext, prompt: string, choices: string[], options: CallOptions = {}): Promise<ChoiceScores> {
  if (choices.length === 0) return { logprobs: [], usage: { promptTokens: 0, completionTokens: 0 } };
  return callProvider(context, options.signal, async () => {
    const raw = await context.client.completions.create(
      {
        model: context.remoteModel,
        prompt: choices.map((choice) => prompt + choice),
        echo: true,
        max_tokens: 0,
        logprobs: 0,
        temperature: 0,
      },
      { signal: options.signal },
    );
    const parsed = CompletionSchema.safeParse(raw);
    if (!parsed.success) throw malformedResponse(context, describeIssue(parsed.error));
    const results = parsed.data.choices;
    if (results.length !== choices.length) {
      throw malformedResponse(context, `expected ${choices.length} scored choices, got ${results.length}`);
    }
    // Choices may come back in any order; `index` says which prompt each one belongs to.
    const ordered = [...results].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    const logprobs = ordered.map((result, i) => {
      if (!result.logprobs) throw malformedResponse(context, `choice ${i} has no logprobs`);
      const { sum, tokens } = sumContinuationLogprobs(result.logprobs, prompt.length);
      if (tokens === 0 && choices[i]!.length > 0) {
        throw new ProviderError(
          `provider ${context.providerName}, model ${context.modelId}: the server did not echo the prompt's token logprobs, so it cannot score choices (it needs echo with max_tokens 0)`,
          { status: null, retryable: false },
        );
      }
      return sum;
    });
    const usage = parsed.data.usage
      ? toUsage(parsed.data.usage)
      : {
          promptTokens: choices.reduce((total, choice) => total + context.countTokens(prompt + choice), 0),
          completionTokens: 0,
        };
    return { logprobs, usage };
  });
}

/** Chat models: one request for a single token with the top alternatives, scored per choice. */
export async function scoreChoicesByTopLogprobs(
  context: OpenAICallContext,
  messages: ChatMessage[],
  choices: string[],
  options: CallOptions = {},
): Promise<ChoiceScores> {
  if (choices.length === 0) return { logprobs: [], usage: { promptTokens: 0, completionTokens: 0 } };
  return callProvider(context, options.signal, async () => {
    const raw = await context.client.chat.completions.create(
      {
        model: context.remoteModel,
        messages,
        temperature: 0,
        ...chatMaxTokens(context.maxTokensParam, 1),
        logprobs: true,
        top_logprobs: CHAT_TOP_LOGPROBS,
      },
      { signal: options.signal },
    );
    const parsed = ChatCompletionSchema.safeParse(raw);
    if (!parsed.success) throw malformedResponse(context, describeIssue(parsed.error));
    const first: TokenLogprob | undefined = parsed.data.choices[0]!.logprobs?.content?.[0];
    if (!first) {
      throw new ProviderError(`provider ${context.providerName}, model ${context.modelId}: the server returned no logprobs, so it cannot score choices`, {
        status: null,
        retryable: false,
      });
    }
    // The sampled token is normally in the top list too; include it in case a server leaves it out.
    const top = [...(first.top_logprobs ?? [])];
    if (!top.some((entry) => entry.token === first.token)) top.push({ token: first.token, logprob: first.logprob });
    return {
      logprobs: choices.map((choice) => firstTokenScore(top, choice)),
      usage: parsed.data.usage ? toUsage(parsed.data.usage) : { promptTokens: countChatTokens(messages, context.countTokens), completionTokens: 1 },
    };
  });
}
