// Every model call of a grading run goes through here: the response cache, a per-attempt timeout,
// retries, and usage accounting. Errors are never cached.
import { Cancelled, ProviderError } from '../core/errors.js';
import type { ChoiceScores, RenderedPrompt, TextModel, TextRequest, TextResponse } from '../core/model.js';
import { cacheKey, type ResponseCache } from '../storage/response-cache.js';
import { withRetry, type RetryDeps, type RetryPolicy } from './retry.js';

export type CallStats = { promptTokens: number; completionTokens: number; modelCalls: number; cacheHits: number };

export type CallResult<T> = { value: T; attempts: number; cacheHit: boolean };

export type ModelCallerOptions = {
  cache: ResponseCache | null;
  timeoutMs: number;
  retry: RetryPolicy;
  retryDeps: RetryDeps;
  signal?: AbortSignal;
};

export type ModelCaller = {
  stats: CallStats;
  /** Any call (cached unless `key` is null): `compute` gets an AbortSignal that fires on timeout or cancellation. */
  call<T>(key: unknown, compute: (signal: AbortSignal) => Promise<T>, usageOf: (value: T) => { promptTokens: number; completionTokens: number }): Promise<CallResult<T>>;
  generate(model: TextModel, request: TextRequest): Promise<CallResult<TextResponse>>;
  scoreChoices(model: TextModel, prompt: RenderedPrompt, choices: string[]): Promise<CallResult<ChoiceScores>>;
};

/** Runs `work` with a signal that aborts on the run's cancellation or after `timeoutMs`. */
async function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, timeoutMs: number, runSignal?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onRunAbort = () => controller.abort();
  runSignal?.addEventListener('abort', onRunAbort, { once: true });
  try {
    return await Promise.race([
      work(controller.signal),
      // A provider that ignores the signal must not hang the run.
      new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })),
    ]);
  } catch (error) {
    if (runSignal?.aborted) throw new Cancelled();
    if (timedOut) throw new ProviderError(`the model did not answer within ${timeoutMs} ms`, { retryable: true, status: null });
    throw error;
  } finally {
    clearTimeout(timer);
    runSignal?.removeEventListener('abort', onRunAbort);
  }
}

export function createModelCaller(options: ModelCallerOptions): ModelCaller {
  const stats: CallStats = { promptTokens: 0, completionTokens: 0, modelCalls: 0, cacheHits: 0 };

  async function call<T>(
    keyParts: unknown,
    compute: (signal: AbortSignal) => Promise<T>,
    usageOf: (value: T) => { promptTokens: number; completionTokens: number },
  ): Promise<CallResult<T>> {
    // A null key opts out of caching (e.g. embeddings, which are cheap locally and not JSON).
    const cache = keyParts === null ? null : options.cache;
    const key = cache ? cacheKey(keyParts) : '';
    const cached = cache?.get(key) as T | undefined;
    if (cached !== undefined) {
      stats.cacheHits++;
      return { value: cached, attempts: 0, cacheHit: true };
    }
    const { value, attempts } = await withRetry(
      async () => {
        stats.modelCalls++;
        return withTimeout(compute, options.timeoutMs, options.signal);
      },
      options.retry,
      options.retryDeps,
      options.signal,
    );
    const usage = usageOf(value);
    stats.promptTokens += usage.promptTokens;
    stats.completionTokens += usage.completionTokens;
    cache?.set(key, value);
    return { value, attempts, cacheHit: false };
  }

  return {
    stats,
    call,
    generate: (model, request) =>
      call({ op: 'generate', model: model.fingerprint, request }, (signal) => model.generate(request, { signal }), (r) => r.usage),
    scoreChoices: (model, prompt, choices) => {
      if (!model.scoreChoices) throw new Error(`model ${model.id} cannot score choices`);
      const score = model.scoreChoices.bind(model);
      return call({ op: 'score-choices', model: model.fingerprint, prompt, choices }, (signal) => score(prompt, choices, { signal }), (r) => r.usage);
    },
  };
}
