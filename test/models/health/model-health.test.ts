// The breaker's arithmetic on an injected clock: what trips it, how long it stays open, the one
// trial call of half-open, and what a trial's outcome does.
import { describe, expect, it } from 'vitest';
import { Cancelled, ModelUnavailable, ProviderError } from '../../../server/core/errors.js';
import { createModelHealth } from '../../../server/models/health/model-health.js';

const refused = () => new ProviderError('could not reach http://127.0.0.1:9/v1', { status: null, retryable: true, connection: true });
const status = (code: number) => new ProviderError(`failed (${code})`, { status: code, retryable: code === 429 || code >= 500 });

function setup() {
  let now = 0;
  const health = createModelHealth({ ids: ['m'], now: () => now, policy: { threshold: 3, cooldownMs: 1_000 } });
  return { health, advance: (ms: number) => void (now += ms) };
}

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive connection failures, and a success in between resets the count', () => {
    const { health } = setup();
    health.failed('m', refused());
    health.failed('m', refused());
    health.succeeded('m');
    health.failed('m', refused());
    health.failed('m', refused());
    expect(health.get('m').state).toBe('ready');
    health.failed('m', refused());
    expect(health.get('m').state).toBe('unreachable');
    expect(() => health.admit('m')).toThrow(ModelUnavailable);
  });

  it('is not tripped by 4xx, 429 or 5xx answers, nor by cancelled calls', () => {
    const { health } = setup();
    for (const error of [status(400), status(401), status(429), status(500), status(503), new Cancelled(), status(429), status(404)]) health.failed('m', error);
    for (let i = 0; i < 2; i++) health.failed('m', refused());
    health.failed('m', status(429));
    health.failed('m', refused());
    expect(health.get('m').state).not.toBe('unreachable');
    expect(() => health.admit('m')).not.toThrow();
  });

  it('lets exactly one trial through after the cooldown; its failure reopens, its success closes', () => {
    const { health, advance } = setup();
    for (let i = 0; i < 3; i++) health.failed('m', refused());
    advance(999);
    expect(() => health.admit('m')).toThrow(ModelUnavailable);
    advance(1);
    expect(() => health.admit('m')).not.toThrow();
    // While the trial is out, everyone else still fails fast.
    expect(() => health.admit('m')).toThrow(ModelUnavailable);
    health.failed('m', refused());
    expect(() => health.admit('m')).toThrow(ModelUnavailable);
    advance(1_000);
    health.admit('m');
    health.succeeded('m');
    expect(health.get('m')).toMatchObject({ state: 'ready', advice: null });
    expect(health.isAvailable('m')).toBe(true);
    expect(() => health.admit('m')).not.toThrow();
  });

  it('a cancelled trial gives the next caller the trial instead of keeping the breaker shut', () => {
    const { health, advance } = setup();
    for (let i = 0; i < 3; i++) health.failed('m', refused());
    advance(1_000);
    health.admit('m');
    health.failed('m', new Cancelled());
    expect(() => health.admit('m')).not.toThrow();
  });

  it('tells listeners about state changes only, with the previous state', () => {
    const { health } = setup();
    const seen: string[] = [];
    health.onChange((entry, previous) => seen.push(`${previous}->${entry.state}`));
    health.succeeded('m');
    health.succeeded('m');
    for (let i = 0; i < 3; i++) health.failed('m', refused());
    health.set('m', 'missing-key', 'set KEY');
    expect(seen).toEqual(['unknown->ready', 'ready->unreachable', 'unreachable->missing-key']);
  });
});
