// What the judge steps of `tasks check` share: a task's judged evaluators (rubric-judge), the judge
// models they name and whether those can be called here, and a judge built like grading's (cache,
// retries) under the check's own cache scope.
import type { AnyEvaluator } from '../core/evaluator.js';
import type { Task } from '../core/task.js';
import { createJudge, type GradingJudge } from '../grading/create-judge.js';
import { defaultRetryPolicy, realRetryDeps } from '../grading/retry.js';
import { bindEvaluators, type BoundEvaluator } from '../grading/score-case.js';
import type { ModelRegistry } from '../core/model.js';
import type { ResponseCache } from '../grading/response-cache.js';
import type { RetryDeps } from '../grading/retry.js';
import type { ModelAvailability } from './model-availability.js';

export function judgedEvaluators(task: Task, getEvaluator: (name: string) => AnyEvaluator | undefined): BoundEvaluator[] {
  return bindEvaluators(task.evaluators, getEvaluator).filter((bound) => bound.evaluator.judged);
}

export function judgeModelsOf(evaluators: BoundEvaluator[]): string[] {
  return [...new Set(evaluators.flatMap((bound) => (bound.evaluator.judgeModel ? [bound.evaluator.judgeModel(bound.params)] : [])))];
}

/** Why the judge cannot be called here (joined reasons), or null when every judge model is available. */
export function judgeUnavailable(models: string[], deps: { availability: ModelAvailability }): string | null {
  const reasons = models.map((id) => deps.availability(id)).flatMap((a) => (a.available ? [] : [a.reason]));
  return reasons.length ? `no usable judge model (${[...new Set(reasons)].join('; ')})` : null;
}

export type SoundnessJudgeDeps = {
  models: ModelRegistry;
  cache?: () => ResponseCache | null;
  timeoutMs?: number;
  retryDeps?: RetryDeps;
};

export function soundnessJudge(deps: SoundnessJudgeDeps): GradingJudge {
  return createJudge({
    models: deps.models,
    cache: deps.cache?.() ?? null,
    cacheScope: 'tasks-check',
    timeoutMs: deps.timeoutMs ?? 60_000,
    retry: defaultRetryPolicy,
    retryDeps: deps.retryDeps ?? realRetryDeps,
  });
}
