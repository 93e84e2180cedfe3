// Shared plumbing of the routes that call models on a person's behalf: a slot from the rate
// limiter for the whole request, and a model caller metered to that person.
import type { User } from '../core/api.js';
import { BudgetExceeded } from '../core/errors.js';
import { createModelCaller, type CallMeter, type ModelCaller } from '../grading/model-caller.js';
import { defaultRetryPolicy, realRetryDeps } from '../grading/retry.js';
import type { AppDeps } from './app-deps.js';

/** Refuses at once (a proper 429) when a student's budget is already spent. */
export async function assertBudgetLeft(deps: AppDeps, user: User, scope: string): Promise<void> {
  if (user.role === 'staff') return;
  const usage = await deps.services.ledger.usage(user.id, scope);
  if (usage.tokensUsed >= usage.tokenBudget) {
    throw BudgetExceeded.tokensUsedUp(scope, usage.tokensUsed, usage.tokenBudget, { ...usage, scope });
  }
  if (usage.requestsUsed >= usage.requestBudget) {
    throw BudgetExceeded.requestsUsedUp(scope, usage.requestsUsed, usage.requestBudget, { ...usage, scope });
  }
}

/**
 * A meter that also cancels the run when the budget runs out mid-way (the remaining cases would
 * only fail one by one), remembering why so the route can say so.
 */
export function stoppingMeter(meter: CallMeter, controller: AbortController): { meter: CallMeter; budgetError: () => BudgetExceeded | null } {
  let budgetError: BudgetExceeded | null = null;
  return {
    meter: {
      async reserve(estimate) {
        try {
          return await meter.reserve(estimate);
        } catch (error) {
          if (error instanceof BudgetExceeded) {
            budgetError ??= error;
            controller.abort();
          }
          throw error;
        }
      },
      cacheHit: (usage) => meter.cacheHit(usage),
    },
    budgetError: () => budgetError,
  };
}

/**
 * A student's own cache scope (playground runs, dev runs): never grading's, never another
 * student's, so a cached answer says nothing about what grading or anyone else asked.
 */
export function studentCacheScope(user: User): string {
  return `student:${user.id}`;
}

export function meteredCaller(deps: AppDeps, user: User, meter: CallMeter, signal: AbortSignal, options: { maxAttempts?: number } = {}): ModelCaller {
  return createModelCaller({
    cache: deps.cache ? { store: deps.cache, scope: studentCacheScope(user) } : null,
    timeoutMs: deps.config.timeoutMs,
    retry: { ...defaultRetryPolicy, ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}) },
    retryDeps: deps.retryDeps ?? realRetryDeps,
    signal,
    meter,
  });
}

/** Runs `work` holding one of the user's request slots (rate limit and concurrency cap). */
export async function withRequestSlot<T>(deps: AppDeps, user: User, work: () => Promise<T>): Promise<T> {
  const slot = await deps.services.limiter.acquire(user.id);
  try {
    return await work();
  } finally {
    await slot.release();
  }
}
