// The circuit breaker on a real call path: the openai SDK over HTTP to a fake upstream that drops
// or refuses connections, through the registry's guarded models, in a real grading run.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getEvaluator } from '../../evaluators/index.js';
import { ModelUnavailable } from '../../server/core/errors.js';
import type { Task } from '../../server/core/task.js';
import { gradeProgram } from '../../server/grading/grade-program.js';
import { realRetryDeps } from '../../server/grading/retry.js';
import { createModelHealth, defaultBreakerPolicy, type ModelHealth } from '../../server/models/health/model-health.js';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { chatProgram, loadFixtureTask, modelsYamlFor, sentimentOracle } from '../../testkit/sentiment-fixture.js';

const base = loadFixtureTask('sentiment');
/** The sentiment task with 50 dev cases (its own, repeated under new ids). */
const fiftyCases: Task = { ...base, dev: Array.from({ length: 50 }, (_, i) => ({ ...base.dev[i % base.dev.length]!, id: `dev-${i}` })) };

function setup(baseURL: string, apiKey: string, now: () => number) {
  const config = parseModelsConfig(modelsYamlFor(baseURL), 'test models.yaml');
  const health = createModelHealth({ ids: config.models.map((m) => m.id), now });
  const models = createModelRegistry({ config, env: { FAKE_OPENAI_KEY: apiKey }, factories: providerFactories({ timeoutMs: 5_000 }), health });
  return { health, models };
}

const devRun = (models: ReturnType<typeof setup>['models'], task = fiftyCases) =>
  // Real retry sleeps (backoff with jitter): the point is that the breaker, not a fake clock, makes it fast.
  gradeProgram(task, chatProgram, { models, getEvaluator, cache: null, retryDeps: realRetryDeps }, { split: 'dev', concurrency: 4, timeoutMs: 5_000 });

/** A port where nothing listens: every connection is refused. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('circuit breaker', () => {
  let fake: FakeOpenAIServer;
  let now = 1_000_000;
  const clock = () => now;
  beforeEach(async () => {
    now = 1_000_000;
    fake = await startFakeOpenAIServer({ respond: sentimentOracle(base, new Set()) });
  });
  afterEach(async () => fake.close());

  it('fails a 50-case dev run against a refusing upstream at once, with a student-safe error, and tells staff why', async () => {
    const port = await closedPort();
    const { models, health } = setup(`http://127.0.0.1:${port}/v1`, 'k', clock);
    const started = performance.now();
    const error = await devRun(models).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(ModelUnavailable);
    expect((error as ModelUnavailable).reason).toBe('unreachable');
    // Student-facing: no address, no setup advice.
    expect((error as Error).message).not.toMatch(/127\.0\.0\.1|OPENAI|set /);
    // Without the breaker: 50 cases x 6 attempts with backoff (~40 s). With it, the first few
    // attempts' jittered backoff (< 1.5 s in the worst draw) and nothing else. Generous bound.
    expect(elapsed).toBeLessThan(2_000);
    const entry = health.get('gpt-4o-mini');
    expect(entry.state).toBe('unreachable');
    expect(entry.advice).toContain(`127.0.0.1:${port}`);
    expect(models.list().find((m) => m.id === 'gpt-4o-mini')).toMatchObject({ available: false, unavailableReason: 'unreachable' });
    // Other models of the same provider are judged on their own calls.
    expect(models.list().find((m) => m.id === 'gpt-4.1-mini')?.available).toBe(true);
  });

  it('counts: a dropping upstream sees only the threshold plus the calls already in flight, not 50 x 6', async () => {
    fake.faults.queue({ kind: 'drop' }, 1_000);
    const { models } = setup(fake.url, fake.apiKey, clock);
    await expect(devRun(models)).rejects.toBeInstanceOf(ModelUnavailable);
    const requests = fake.stats().byPath['/v1/chat/completions'] ?? 0;
    expect(requests).toBeGreaterThanOrEqual(defaultBreakerPolicy.threshold);
    expect(requests).toBeLessThanOrEqual(defaultBreakerPolicy.threshold + 4);
  });

  it('stays open for the cooldown without touching the upstream, then recovers by itself through one trial call', async () => {
    fake.faults.queue({ kind: 'drop' }, 1_000);
    const { models, health } = setup(fake.url, fake.apiKey, clock);
    await expect(devRun(models)).rejects.toBeInstanceOf(ModelUnavailable);
    fake.faults.clear();
    fake.resetStats();
    const small: Task = { ...base, dev: base.dev.slice(0, 4) };

    now += defaultBreakerPolicy.cooldownMs - 1;
    await expect(devRun(models, small)).rejects.toBeInstanceOf(ModelUnavailable);
    expect(fake.stats().requests).toBe(0);

    now += 1;
    // Still greyed for students (it is most likely still down); a call that comes anyway is the trial.
    expect(models.list().find((m) => m.id === 'gpt-4o-mini')?.available).toBe(false);
    // concurrency 4 but one trial: the other three lanes fail fast while it is in flight, so run one case.
    const report = await devRun(models, { ...base, dev: base.dev.slice(0, 1) });
    expect(report.counts.errored).toBe(0);
    expect(health.get('gpt-4o-mini').state).toBe('ready');
    const after = await devRun(models, small);
    expect(after.counts.errored).toBe(0);
    expect(models.list().find((m) => m.id === 'gpt-4o-mini')?.available).toBe(true);
  });

  it('is not tripped by rate limits or rejected requests: the upstream answered', async () => {
    const { models, health } = setup(fake.url, fake.apiKey, clock);
    fake.faults.queue({ kind: 'status', status: 400, message: 'bad request' }, 20);
    const report = await gradeProgram(
      { ...base, dev: base.dev.slice(0, 8) },
      chatProgram,
      { models, getEvaluator, cache: null, retryDeps: { sleep: async () => {}, random: () => 0 } },
      { split: 'dev', concurrency: 4 },
    );
    expect(report.counts.errored).toBe(8);
    fake.faults.queue({ kind: '429', retryAfter: '0' }, 20);
    await gradeProgram(
      { ...base, dev: base.dev.slice(0, 8) },
      chatProgram,
      { models, getEvaluator, cache: null, retryDeps: { sleep: async () => {}, random: () => 0 } },
      { split: 'dev', concurrency: 4 },
    );
    expect(health.get('gpt-4o-mini').state).not.toBe('unreachable');
    expect(health.isAvailable('gpt-4o-mini')).toBe(true);
  });
});

describe('model health without a call', () => {
  let health: ModelHealth;
  beforeEach(() => {
    health = createModelHealth({ ids: ['a'], now: () => 5 });
  });
  it('a missing key makes the model unavailable with the advice for staff, and admit refuses it at once', () => {
    health.set('a', 'missing-key', 'set FAKE_OPENAI_KEY');
    expect(health.isAvailable('a')).toBe(false);
    expect(health.get('a')).toEqual({ id: 'a', state: 'missing-key', checkedAt: 5, advice: 'set FAKE_OPENAI_KEY' });
    expect(() => health.admit('a')).toThrow(ModelUnavailable);
  });
});
