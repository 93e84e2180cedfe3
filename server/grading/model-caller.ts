// Every model call of a grading run goes through here: the response cache, a per-attempt timeout,
// retries, and usage accounting. Errors are never cached.
import { Cancelled, ProviderError } from '../core/errors.js';
import type { CallOptions, CallPriority, ChoiceScores, RenderedPrompt, TextModel, TextRequest, TextResponse, Usage } from '../core/model.js';
import { countPromptTokens } from '../prompts/count-prompt-tokens.js';
import { cacheKey, type ResponseCache } from './response-cache.js';
import { createAttemptTrace, succeeded, type AttemptCost, type AttemptTrace, type CostBasis } from './attempt-cost.js';
import { withRetry, type RetryDeps, type RetryPolicy } from './retry.js';

export type CallStats = { promptTokens: number; completionTokens: number; modelCalls: number; cacheHits: number };

export type CallResult<T> = { value: T; attempts: number; cacheHit: boolean };

/**
 * Accounting hook (the server meters every model call to a person: budgets, usage log). Optional:
 * the CLI grader passes none. `reserve` runs before each *attempt* the cache cannot answer (a
 * retry is another upstream call), with an upper-bound token estimate, and may throw (a spent
 * budget) to stop the call; the ticket is settled once with what the attempt cost, failed attempts
 * included (attempt-cost.ts says what a failure costs).
 */
export type CallMeter = {
  reserve(estimateTokens: number): Promise<MeterTicket>;
  /** A call answered from the cache: nothing was spent, but it is reported. */
  cacheHit(usage: Usage): Promise<void>;
};
export type MeterTicket = { settle(cost: AttemptCost, latencyMs: number): Promise<void> };

/**
 * A response cache and whose calls may share its answers: the scope is part of every key. Grading
 * and a student's own calls never share a scope, or a cache hit in the playground would tell the
 * student which requests grading made (the hidden inputs).
 */
export type ScopedCache = { store: ResponseCache; scope: string };

export type ModelCallerOptions = {
  cache: ScopedCache | null;
  timeoutMs: number;
  retry: RetryPolicy;
  retryDeps: RetryDeps;
  signal?: AbortSignal;
  meter?: CallMeter;
  /** Passed to every call (see CallPriority): submission grading is 'batch', the rest interactive. */
  priority?: CallPriority;
};

export type ModelCaller = {
  stats: CallStats;
  /**
   * Any call (cached unless `key` is null): `compute` gets an AbortSignal that fires on timeout or
   * cancellation, the CallOptions to hand to the model (that signal, the run's priority, a hook
   * for queued local calls, the attempt's progress), and the attempt's trace (what it delivered).
   */
  call<T>(
    key: unknown,
    compute: (signal: AbortSignal, callOptions: CallOptions, attempt: AttemptTrace) => Promise<T>,
    usageOf: (value: T) => { promptTokens: number; completionTokens: number },
    /** Upper bound on the call's tokens, for the meter's reservation. */
    estimateTokens?: number,
    /** How to price an attempt that fails after delivering text. */
    basis?: CostBasis,
  ): Promise<CallResult<T>>;
  /**
   * `onText` streams the text (the server's playground); a cache hit calls it once with all of it.
   * `forward` calls the model's `forward` path when it has one (the /v1 gateway, which passes
   * requests straight through, and grading's generated answers), `generate` otherwise.
   */
  generate(model: TextModel, request: TextRequest, options?: { onText?: (delta: string) => void; forward?: boolean }): Promise<CallResult<TextResponse>>;
  scoreChoices(model: TextModel, prompt: RenderedPrompt, choices: string[]): Promise<CallResult<ChoiceScores>>;
};

/** Runs `work` with a signal that aborts on the run's cancellation or after `timeoutMs`. */
async function withTimeout<T>(
  work: (signal: AbortSignal, callOptions: CallOptions) => Promise<T>,
  timeoutMs: number,
  runSignal?: AbortSignal,
  priority?: CallPriority,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const onTimeout = () => {
    timedOut = true;
    controller.abort();
  };
  let timer = setTimeout(onTimeout, timeoutMs);
  let finished = false;
  // A queued call (local inference pool) starts its clock when it starts running.
  const onQueued = (started: Promise<void>) => {
    clearTimeout(timer);
    void started.then(
      () => {
        if (!finished && !controller.signal.aborted) timer = setTimeout(onTimeout, timeoutMs);
      },
      () => {},
    );
  };
  const onRunAbort = () => controller.abort();
  runSignal?.addEventListener('abort', onRunAbort, { once: true });
  try {
    return await Promise.race([
      work(controller.signal, { signal: controller.signal, onQueued, ...(priority ? { priority } : {}) }),
      // A provider that ignores the signal must not hang the run.
      new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })),
    ]);
  } catch (error) {
    if (runSignal?.aborted) throw new Cancelled();
    if (timedOut) throw new ProviderError(`the model did not answer within ${timeoutMs} ms`, { retryable: true, status: null });
    throw error;
  } finally {
    finished = true;
    clearTimeout(timer);
    runSignal?.removeEventListener('abort', onRunAbort);
  }
}

export function createModelCaller(options: ModelCallerOptions): ModelCaller {
  const stats: CallStats = { promptTokens: 0, completionTokens: 0, modelCalls: 0, cacheHits: 0 };

  /**
   * One attempt, reserved and settled on its own: each one that reaches the provider is an upstream
   * call and is charged, and reserving each keeps retries within the budget too (a spent budget
   * ends the retries). Settled before the outcome is passed on, so whoever sees the answer or the
   * error also sees it in the ledger.
   */
  async function meteredAttempt<T>(
    compute: (signal: AbortSignal, callOptions: CallOptions, attempt: AttemptTrace) => Promise<T>,
    usageOf: (value: T) => { promptTokens: number; completionTokens: number },
    estimateTokens: number,
    basis: CostBasis | undefined,
  ): Promise<T> {
    const ticket = await options.meter?.reserve(estimateTokens);
    stats.modelCalls++;
    const attempt = createAttemptTrace();
    const started = Date.now();
    let value: T;
    try {
      value = await withTimeout(
        (signal, callOptions) => compute(signal, { ...callOptions, progress: attempt.progress }, attempt),
        options.timeoutMs,
        options.signal,
        options.priority,
      );
    } catch (error) {
      attempt.end();
      await ticket?.settle(attempt.costOfFailure(error, basis), Date.now() - started);
      throw error;
    }
    attempt.end();
    await ticket?.settle(succeeded(usageOf(value)), Date.now() - started);
    return value;
  }

  async function call<T>(
    keyParts: unknown,
    compute: (signal: AbortSignal, callOptions: CallOptions, attempt: AttemptTrace) => Promise<T>,
    usageOf: (value: T) => { promptTokens: number; completionTokens: number },
    estimateTokens = 0,
    basis?: CostBasis,
  ): Promise<CallResult<T>> {
    // A null key opts out of caching (e.g. embeddings, which are cheap locally and not JSON).
    const cache = keyParts === null ? null : options.cache;
    const key = cache ? cacheKey({ scope: cache.scope, call: keyParts }) : '';
    const cached = (await cache?.store.get(key)) as T | undefined;
    if (cached !== undefined) {
      stats.cacheHits++;
      await options.meter?.cacheHit(usageOf(cached));
      return { value: cached, attempts: 0, cacheHit: true };
    }
    const { value, attempts } = await withRetry(
      () => meteredAttempt(compute, usageOf, estimateTokens, basis),
      options.retry,
      options.retryDeps,
      options.signal,
    );
    const usage = usageOf(value);
    stats.promptTokens += usage.promptTokens;
    stats.completionTokens += usage.completionTokens;
    await cache?.store.set(key, value);
    return { value, attempts, cacheHit: false };
  }

  /** Only computed when a meter wants it: counting tokens of long prompts is not free. */
  function promptTokens(model: TextModel, prompt: RenderedPrompt): number {
    if (!options.meter) return 0;
    try {
      return countPromptTokens(prompt, (text) => model.countTokens(text));
    } catch {
      // A tokenizer that is not loaded yet: a generous guess of three characters a token.
      const text = prompt.style === 'completion' ? prompt.text : prompt.messages.map((m) => m.content).join(' ');
      return Math.ceil(text.length / 3);
    }
  }

  /** Completion tokens in delivered text, for an attempt that failed half-way (only counted then). */
  function textTokens(model: TextModel, text: string): number {
    try {
      return model.countTokens(text);
    } catch {
      return Math.ceil(text.length / 3);
    }
  }

  return {
    stats,
    call,
    generate: async (model, request, options) => {
      const onText = options?.onText;
      const forward = options?.forward && model.forward ? model.forward : null;
      // A local model's tokenizer library is imported on first use (models/local-stack.ts).
      await model.prepareTokenizer?.();
      const prompt = promptTokens(model, request.prompt);
      const basis: CostBasis = { promptTokens: () => prompt, countTokens: (text) => textTokens(model, text), maxTokens: request.maxTokens };
      const result = await call(
        { op: 'generate', model: model.fingerprint, request },
        (_signal, callOptions, attempt) => {
          const withText = onText ? { ...callOptions, onText: attempt.deliver(onText) } : callOptions;
          return forward ? forward.call(model, request, withText) : model.generate(request, withText);
        },
        (r) => r.usage,
        prompt + request.maxTokens,
        basis,
      );
      if (result.cacheHit && onText && result.value.text) onText(result.value.text);
      return result;
    },
    scoreChoices: (model, prompt, choices) => {
      if (!model.scoreChoices) throw new Error(`model ${model.id} cannot score choices`);
      const score = model.scoreChoices.bind(model);
      // Echo scoring sends the prompt once per choice.
      const estimate = options.meter ? choices.length * (promptTokens(model, prompt) + 1) + choices.reduce((n, c) => n + Math.ceil(c.length / 2), 0) : 0;
      return call(
        { op: 'score-choices', model: model.fingerprint, prompt, choices },
        (_signal, callOptions) => score(prompt, choices, callOptions),
        (r) => r.usage,
        estimate,
      );
    },
  };
}
