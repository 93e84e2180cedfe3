import { describe, expect, it } from 'vitest';
import { Cancelled, ProviderError } from '../../server/core/errors.js';
import { defaultRetryPolicy, retryDelayMs, withRetry } from '../../server/grading/retry.js';
import { runPool } from '../../server/grading/run-pool.js';
import { metricToPoints } from '../../server/grading/points.js';

const transient = (retryAfterSeconds: number | null = null) => new ProviderError('rate limited', { status: 429, retryable: true, retryAfterSeconds });

describe('retryDelayMs', () => {
  it('honours retry-after, capped', () => {
    expect(retryDelayMs(transient(2), 1, defaultRetryPolicy, () => 0.5)).toBe(2_000);
    expect(retryDelayMs(transient(3_600), 1, defaultRetryPolicy, () => 0.5)).toBe(defaultRetryPolicy.maxRetryAfterMs);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(transient(), attempt, policy, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
    expect(retryDelayMs(transient(), 3, policy, () => 0)).toBe(0);
  });
});

describe('withRetry', () => {
  const waits: number[] = [];
  const deps = { sleep: async (ms: number) => void waits.push(ms), random: () => 0.5 };

  it('retries transient failures and reports the attempts', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw transient(1);
        return 'ok';
      },
      defaultRetryPolicy,
      deps,
    );
    expect(result).toEqual({ value: 'ok', attempts: 3 });
    expect(waits.slice(-2)).toEqual([1_000, 1_000]);
  });

  it('does not retry a permanent error', async () => {
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw new ProviderError('bad key', { status: 401, retryable: false });
      },
      defaultRetryPolicy,
      deps,
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toMatchObject({ message: 'bad key', attempts: 1 });
  });

  it('gives up after maxAttempts with the last error', async () => {
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw transient();
      },
      { ...defaultRetryPolicy, maxAttempts: 4 },
      deps,
    ).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(error).toMatchObject({ attempts: 4, status: 429 });
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(withRetry(async () => 'never', defaultRetryPolicy, deps, controller.signal)).rejects.toBeInstanceOf(Cancelled);
  });
});

describe('runPool', () => {
  it('keeps input order and never exceeds the concurrency', async () => {
    let running = 0;
    let peak = 0;
    const results = await runPool([50, 10, 30, 5, 20, 1], 3, async (ms, index) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return index;
    });
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(3);
  });
});

describe('metricToPoints', () => {
  it.each([
    [0.5, 0],
    [0.3, 0],
    [0.7, 5],
    [0.9, 10],
    [0.95, 10],
    [0.8181818, 7.95],
  ])('metric %d -> %d points', (metric, points) => {
    expect(metricToPoints(metric, { baseline: 0.5, target: 0.9, max: 10 })).toBe(points);
  });
});
