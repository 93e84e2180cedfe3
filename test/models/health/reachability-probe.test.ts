// The start-up probe: GET /models on each OpenAI-compatible upstream, over real HTTP.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createModelHealth } from '../../../server/models/health/model-health.js';
import { parseModelsConfig } from '../../../server/models/models-config.js';
import { probeOpenAIProviders } from '../../../server/models/openai/reachability-probe.js';
import { modelHealthTable } from '../../../server/cli/model-health-table.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../../testkit/fake-openai-server/index.js';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const yaml = (up: string, down: string) => `
providers:
  up: { type: openai, baseURL: ${up}, apiKeyEnv: UP_KEY }
  down: { type: openai, baseURL: ${down}, apiKeyOptional: true }
  keyless: { type: openai, baseURL: ${down}, apiKeyEnv: MISSING_KEY }
models:
  - { id: a, provider: up, kind: text, style: chat, label: A }
  - { id: b, provider: down, kind: text, style: chat, label: B }
  - { id: c, provider: keyless, kind: text, style: chat, label: C }
`;

describe('reachability probe', () => {
  let fake: FakeOpenAIServer;
  beforeEach(async () => {
    fake = await startFakeOpenAIServer();
  });
  afterEach(async () => fake.close());

  it('marks a refusing upstream unreachable with advice, an answering one ready, and leaves keyless models alone', async () => {
    const down = `http://127.0.0.1:${await closedPort()}/v1`;
    const modelsConfig = parseModelsConfig(yaml(fake.url, down), 'probe.yaml');
    const health = createModelHealth({ ids: ['a', 'b', 'c'], now: () => 1 });
    health.set('c', 'missing-key', 'set MISSING_KEY');
    await probeOpenAIProviders({ modelsConfig, env: { UP_KEY: fake.apiKey }, health, timeoutMs: 2_000 });
    expect(health.get('a').state).toBe('ready');
    expect(health.get('b')).toMatchObject({ state: 'unreachable', advice: expect.stringContaining(down) });
    expect(health.isAvailable('b')).toBe(false);
    expect(health.get('c')).toMatchObject({ state: 'missing-key', advice: 'set MISSING_KEY' });
    // Only GET /models was sent: nothing billable.
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models']);

    const table = modelHealthTable(
      modelsConfig.models.map((m) => ({ id: m.id, kind: m.kind, provider: m.provider, label: m.label })),
      health.all(),
    );
    expect(table[0]).toMatch(/^MODEL\s+PROVIDER\s+STATE\s+WHAT TO DO$/);
    expect(table[2]).toMatch(/^b\s+down\s+unreachable\s+provider down at/);
    expect(table[3]).toContain('missing key');
  });

  it('a re-probe asks only providers with an unreachable model, and brings one that came back to ready', async () => {
    const modelsConfig = parseModelsConfig(yaml(fake.url, fake.url), 'probe.yaml');
    const health = createModelHealth({ ids: ['a', 'b'], now: () => 1 });
    health.set('a', 'unreachable', 'was down');
    await probeOpenAIProviders({ modelsConfig, env: { UP_KEY: fake.apiKey }, health, onlyState: 'unreachable' });
    expect(health.get('a')).toMatchObject({ state: 'ready', advice: null });
    expect(health.isAvailable('a')).toBe(true);
    expect(health.get('b').state).toBe('unknown');
    expect(fake.requests).toHaveLength(1);
  });

  it('an upstream that answers with an error status is reachable: the verdict is left to the first call', async () => {
    const modelsConfig = parseModelsConfig(yaml(fake.url, fake.url), 'probe.yaml');
    const health = createModelHealth({ ids: ['a', 'b'], now: () => 1 });
    health.set('b', 'unreachable', 'was down');
    // Provider "down" sends no key: the fake server answers 401.
    await probeOpenAIProviders({ modelsConfig, env: {}, health, onlyState: 'unreachable' });
    expect(health.get('b')).toMatchObject({ state: 'unknown', advice: expect.stringMatching(/answered 401/) });
    expect(health.isAvailable('b')).toBe(true);
  });
});
