// What every OpenAI call needs, bundled once per model, and the wrapper that maps its failures.
import type OpenAI from 'openai';
import type { Usage } from '../../core/model.js';
import { Cancelled, ProviderError } from '../../core/errors.js';
import { toSandboxError, type ProviderContext } from './map-error.js';

export type MaxTokensParam = 'max_tokens' | 'max_completion_tokens';

export type OpenAICallContext = ProviderContext & {
  client: OpenAI;
  /** Chat only: OpenAI wants max_completion_tokens (reasoning models reject max_tokens); some servers want max_tokens. */
  maxTokensParam: MaxTokensParam;
  countTokens: (text: string) => number;
};

/** Runs one provider call; every failure leaves as ProviderError or Cancelled. */
export async function callProvider<T>(context: ProviderContext, signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
  if (signal?.aborted) throw new Cancelled();
  try {
    const result = await run();
    // A stream the caller aborted ends quietly inside the SDK; make sure it still reads as cancelled.
    if (signal?.aborted) throw new Cancelled();
    return result;
  } catch (error) {
    throw toSandboxError(error, context, signal);
  }
}

export function chatMaxTokens(param: MaxTokensParam, maxTokens: number) {
  return param === 'max_tokens' ? { max_tokens: maxTokens } : { max_completion_tokens: maxTokens };
}

export function addUsage(a: Usage, b: Usage): Usage {
  return { promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens };
}

/**
 * Iterates an SDK stream, failing when no event arrives for `context.timeoutMs`. The SDK's own
 * timeout only covers waiting for the response headers; a stream that stalls afterwards would
 * otherwise hang a grading run for minutes.
 */
export async function* withIdleTimeout<T>(context: OpenAICallContext, stream: AsyncIterable<T> & { controller: AbortController }): AsyncGenerator<T> {
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      stream.controller.abort();
    }, context.timeoutMs);
  };
  try {
    arm();
    for await (const item of stream) {
      arm();
      yield item;
    }
  } finally {
    clearTimeout(timer);
  }
  // The SDK ends an aborted stream quietly, so the stall has to be reported here.
  if (stalled) {
    throw new ProviderError(
      `provider ${context.providerName}, model ${context.modelId}: the response stream from ${context.baseURL} stalled for ${context.timeoutMs} ms`,
      { status: null, retryable: true },
    );
  }
}
