// The rule for what a failed attempt costs (server/grading/attempt-cost.ts), case by case. The
// end-to-end attacks are in test/security/cut-streams.test.ts and uncharged-retries.test.ts.
import { describe, expect, it } from 'vitest';
import { Cancelled, ConfigError, ProviderError } from '../../server/core/errors.js';
import { createAttemptTrace, succeeded } from '../../server/grading/attempt-cost.js';

/** One "token" per word, so the expected counts are obvious. */
const basis = { promptTokens: () => 7, countTokens: (text: string) => text.trim().split(/\s+/).length, maxTokens: 4 };
const dropped = new ProviderError('the connection failed mid-response', { status: null, retryable: true });

describe('what a failed attempt costs', () => {
  it('a success costs its usage', () => {
    expect(succeeded({ promptTokens: 3, completionTokens: 2 })).toEqual({ ok: true, reached: true, usage: { promptTokens: 3, completionTokens: 2 } });
  });

  it('text delivered before the failure: the prompt plus the delivered tokens, at most maxTokens', () => {
    const seen: string[] = [];
    const trace = createAttemptTrace();
    const onText = trace.deliver((delta) => seen.push(delta));
    onText('one two');
    onText(' three');
    trace.end();
    expect(trace.costOfFailure(dropped, basis)).toEqual({ ok: false, reached: true, usage: { promptTokens: 7, completionTokens: 3 } });
    expect(seen).toEqual(['one two', ' three']);

    const long = createAttemptTrace();
    long.deliver(() => undefined)('a b c d e f g');
    expect(long.costOfFailure(new Cancelled(), basis).usage).toEqual({ promptTokens: 7, completionTokens: 4 });
  });

  it('usage the provider reported wins over counting', () => {
    const trace = createAttemptTrace();
    trace.deliver(() => undefined)('one two');
    trace.progress.usage({ promptTokens: 9, completionTokens: 2 });
    expect(trace.costOfFailure(dropped, basis)).toEqual({ ok: false, reached: true, usage: { promptTokens: 9, completionTokens: 2 } });
  });

  it('answered without text (a stalled stream, a whole body cut short): the prompt', () => {
    const trace = createAttemptTrace();
    trace.progress.answered();
    expect(trace.costOfFailure(dropped, basis)).toEqual({ ok: false, reached: true, usage: { promptTokens: 7, completionTokens: 0 } });
  });

  it('an error status or a lost exchange: one request, no tokens', () => {
    for (const error of [
      new ProviderError('rate limited', { status: 429, retryable: true }),
      new ProviderError('bad request', { status: 400, retryable: false }),
      new ProviderError('no answer within 5000 ms', { status: null, retryable: true }),
    ]) {
      expect(createAttemptTrace().costOfFailure(error, basis)).toEqual({ ok: false, reached: true, usage: { promptTokens: 0, completionTokens: 0 } });
    }
  });

  it('never reached, cancelled before any answer, or not the provider: nothing', () => {
    const refused = new ProviderError('could not reach', {
      status: null,
      retryable: true,
      cause: Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }),
    });
    const local = new ProviderError('model tiny failed', { status: null, retryable: false });
    for (const error of [refused, local, new Cancelled(), new ConfigError('a base model needs a text prompt')]) {
      expect(createAttemptTrace().costOfFailure(error, basis).reached).toBe(false);
    }
  });

  it('text and progress after the attempt ended are neither delivered nor charged', () => {
    const seen: string[] = [];
    const trace = createAttemptTrace();
    const onText = trace.deliver((delta) => seen.push(delta));
    onText('one');
    trace.end();
    onText(' two');
    trace.progress.usage({ promptTokens: 100, completionTokens: 100 });
    expect(seen).toEqual(['one']);
    expect(trace.costOfFailure(dropped, basis).usage).toEqual({ promptTokens: 7, completionTokens: 1 });
  });
});
