// Retries for transient provider failures: exponential backoff with full jitter, and the provider's
// own `retry-after` when it gives one (rate limits say exactly how long to wait).
import { Cancelled, ProviderError } from '../core/errors.js';

export type RetryPolicy = {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound on a provider's retry-after, so one bad header cannot stall a run for hours. */
  maxRetryAfterMs: number;
};

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

export type RetryDeps = { sleep: (ms: number, signal?: AbortSignal) => Promise<void>; random: () => number };

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const realRetryDeps: RetryDeps = { sleep, random: Math.random };

export function retryDelayMs(error: unknown, attempt: number, policy: RetryPolicy, random: () => number): number {
  if (error instanceof ProviderError && error.retryAfterSeconds !== null) {
    return Math.min(Math.max(0, error.retryAfterSeconds * 1000), policy.maxRetryAfterMs);
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

export function isRetryable(error: unknown): boolean {
  return error instanceof ProviderError && error.retryable;
}

/** Runs `attempt` until it succeeds, fails for good, or attempts run out. Reports the attempt count. */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  deps: RetryDeps,
  signal?: AbortSignal,
): Promise<{ value: T; attempts: number }> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    if (signal?.aborted) throw new Cancelled();
    try {
      return { value: await attempt(attemptNumber), attempts: attemptNumber };
    } catch (error) {
      if (signal?.aborted) throw new Cancelled();
      if (!isRetryable(error) || attemptNumber >= policy.maxAttempts) {
        throw Object.assign(error instanceof Error ? error : new Error(String(error)), { attempts: attemptNumber });
      }
      await deps.sleep(retryDelayMs(error, attemptNumber, policy, deps.random), signal);
    }
  }
}
