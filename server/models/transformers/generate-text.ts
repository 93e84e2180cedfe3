// Token-by-token generation with the model's key/value cache. Our own loop rather than the
// library's generate(): it applies top_p and stop sequences as the OpenAI API defines them, stops
// as soon as a stop sequence appears, streams settled text, and checks the abort signal per token.
import { Cancelled, ProviderError } from '../../core/errors.js';
import type { CallOptions, TextRequest, TextResponse } from '../../core/model.js';
import { decode, encode, type CausalLm } from './causal-lm.js';
import type { PromptText } from './render-prompt.js';
import { sampleToken } from './sample-token.js';
import { nextTurn } from './next-turn.js';
import { findStop, settledLength } from './stop-sequences.js';

export type GenerateContext = { modelId: string; random: () => number };

/** Wraps a failure of the caller's own onText, so it is rethrown as is, not as a model failure. */
export class CallbackError extends Error {
  constructor(readonly original: unknown) {
    super('onText callback failed');
  }
}

export async function generateText(
  lm: CausalLm,
  prompt: PromptText,
  request: TextRequest,
  options: CallOptions,
  context: GenerateContext,
): Promise<TextResponse> {
  const promptIds = encode(lm, prompt.text, prompt.addSpecialTokens);
  const inputIds = promptIds.length ? promptIds : [lm.startTokenId];
  let budget = Math.max(0, Math.floor(request.maxTokens));
  if (lm.contextLength !== null) {
    if (inputIds.length >= lm.contextLength) {
      throw new ProviderError(
        `the prompt is ${inputIds.length} tokens; model ${context.modelId} reads at most ${lm.contextLength} tokens including the completion`,
        { retryable: false },
      );
    }
    budget = Math.min(budget, lm.contextLength - inputIds.length);
  }

  const generated: number[] = [];
  let text = '';
  let streamed = 0;
  let finishReason: 'stop' | 'length' = 'length';
  const stream = (upTo: number) => {
    if (upTo > streamed) {
      try {
        options.onText?.(text.slice(streamed, upTo));
      } catch (error) {
        throw new CallbackError(error);
      }
    }
    streamed = Math.max(streamed, upTo);
  };

  let past: unknown;
  let next = inputIds;
  while (generated.length < budget) {
    await nextTurn();
    if (options.signal?.aborted) throw new Cancelled();
    const totalLength = inputIds.length + generated.length;
    const output = (await lm.model.forward({
      input_ids: new lm.Tensor('int64', BigInt64Array.from(next, BigInt), [1, next.length]),
      attention_mask: new lm.Tensor('int64', new BigInt64Array(totalLength).fill(1n), [1, totalLength]),
      past_key_values: past,
    })) as { logits: { data: Float32Array; dims: number[] }; past_key_values: unknown };
    past = output.past_key_values;
    const vocabSize = output.logits.dims[2]!;
    const lastRow = output.logits.data.subarray((next.length - 1) * vocabSize, next.length * vocabSize);
    const token = sampleToken(lastRow, { temperature: request.temperature, topP: request.topP, random: context.random });
    if (lm.eosTokenIds.includes(token)) {
      finishReason = 'stop';
      break;
    }
    generated.push(token);
    next = [token];
    text = decode(lm, generated);
    const stopAt = findStop(text, request.stop);
    if (stopAt !== -1) {
      text = text.slice(0, stopAt);
      finishReason = 'stop';
      break;
    }
    stream(settledLength(text, request.stop));
  }
  if (options.signal?.aborted) throw new Cancelled();
  stream(text.length);
  return { text, usage: { promptTokens: promptIds.length, completionTokens: generated.length }, finishReason };
}
