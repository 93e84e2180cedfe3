// Builds the judge port (server/core/judge.ts) over a configured text model: the same model caller
// as a program's calls (response cache, timeout, retries), with its own cache scope and its own
// meter, so judge calls are cached (a re-grade gets the judge's exact earlier answer) and logged
// as the course's, never charged to the student whose output is judged. Any failure becomes
// JudgeFailed, which the evaluator reports as "not your fault".
import { Cancelled, errorMessage, ModelUnavailable, ProviderError } from '../core/errors.js';
import { JudgeFailed, type Judge, type JudgeRequest } from '../core/judge.js';
import type { ModelRegistry, RenderedPrompt, TextModel, TextRequest } from '../core/model.js';
import { createModelCaller, type CallMeter, type CallStats, type ModelCaller } from './model-caller.js';
import type { ResponseCache } from './response-cache.js';
import type { RetryDeps, RetryPolicy } from './retry.js';

export type JudgeDeps = {
  models: ModelRegistry;
  cache: ResponseCache | null;
  /** Whose judge answers may be shared: grading's scope (one per program) or a student's own. */
  cacheScope: string;
  /** The course's meter for a judge model (the server's usage log); absent in the CLI. */
  meterFor?: (judgeModel: string) => CallMeter;
  timeoutMs: number;
  retry: RetryPolicy;
  retryDeps: RetryDeps;
  signal?: AbortSignal;
};

export type GradingJudge = Judge & {
  /** Judge calls and tokens so far, across judge models (kept apart from the program's usage). */
  stats(): CallStats;
};

function judgePrompt(model: TextModel, request: JudgeRequest): RenderedPrompt {
  if (model.style === 'chat') return { style: 'chat', messages: request.messages };
  // A completion model reads the same text, then the answer is cued.
  return { style: 'completion', text: `${request.messages.map((m) => m.content).join('\n\n')}\n\nJSON answer: ` };
}

export function createJudge(deps: JudgeDeps): GradingJudge {
  const callers = new Map<string, ModelCaller>();
  const callerFor = (modelId: string): ModelCaller => {
    let caller = callers.get(modelId);
    if (!caller) {
      const meter = deps.meterFor?.(modelId);
      caller = createModelCaller({
        cache: deps.cache ? { store: deps.cache, scope: `judge:${deps.cacheScope}` } : null,
        timeoutMs: deps.timeoutMs,
        retry: deps.retry,
        retryDeps: deps.retryDeps,
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(meter ? { meter } : {}),
      });
      callers.set(modelId, caller);
    }
    return caller;
  };

  // A judge model found unusable (missing, or unreachable after the retries) stays so for the rest
  // of the run: every other case fails at once instead of retrying against the same dead address.
  const down = new Map<string, string>();

  return {
    async ask(request) {
      const known = down.get(request.model);
      if (known) throw new JudgeFailed(known);
      let model: TextModel;
      try {
        const found = deps.models.get(request.model);
        if (found.kind !== 'text') throw new Error(`it is an image-text model`);
        model = found;
        await model.ready?.();
      } catch (error) {
        const message = `the judge model ${request.model} cannot be used: ${errorMessage(error)}`;
        down.set(request.model, message);
        throw new JudgeFailed(message);
      }
      const textRequest: TextRequest = { prompt: judgePrompt(model, request), temperature: 0, topP: 1, maxTokens: request.maxTokens, stop: [] };
      try {
        // The model caller's generate, with the strict check inside the attempt: a refused answer
        // fails the call, and a failed call is never cached.
        const result = await callerFor(request.model).call(
          { op: 'generate', model: model.fingerprint, request: textRequest },
          async (_signal, callOptions) => {
            const response = await model.generate(textRequest, callOptions);
            const problem = request.check?.(response.text) ?? null;
            if (problem !== null) throw new JudgeFailed(problem, response.text);
            return response;
          },
          (response) => response.usage,
        );
        return { text: result.value.text, cached: result.cacheHit, usage: result.value.usage };
      } catch (error) {
        if (error instanceof Cancelled || deps.signal?.aborted) throw new Cancelled();
        if (error instanceof JudgeFailed) throw error;
        const message = `the judge model ${request.model} did not answer: ${errorMessage(error)}`;
        if (error instanceof ModelUnavailable || (error instanceof ProviderError && error.connection)) down.set(request.model, message);
        throw new JudgeFailed(message);
      }
    },
    stats() {
      const total: CallStats = { promptTokens: 0, completionTokens: 0, modelCalls: 0, cacheHits: 0 };
      for (const caller of callers.values()) {
        total.promptTokens += caller.stats.promptTokens;
        total.completionTokens += caller.stats.completionTokens;
        total.modelCalls += caller.stats.modelCalls;
        total.cacheHits += caller.stats.cacheHits;
      }
      return total;
    },
  };
}
