// Attack: learn the server's internals from the gateway's errors. An unknown model id answered with
// the path of the server's models configuration file, and an upstream failure (mid-stream too)
// with the provider's URL; a provider's own message can name its host, the course's account or the
// variable holding the course's key. Here every error path of /v1 (each endpoint, whole and
// streamed: bad requests, limits, unknown and unusable models, every kind of upstream failure) is
// played over real HTTP on 127.0.0.1 with a models file at a telling absolute path, and no answer
// may contain a file path, a URL, a host or port, the key or its variable, an error code of the
// operating system or a stack frame. Each failure of the model behind the gateway is still in the
// server log, under the request id its answer carries.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';
import { startFakeOpenAIServer, type FakeOpenAIServer, type FaultInput } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';

const MODELS_FILE = '/srv/course-secrets/config/models.yaml';
const TIMEOUT_MS = 400;

let fake: FakeOpenAIServer;
let closedPort: number;
let sandbox: TestSandbox;
let server: http.Server;
let origin: string;
let student: Person;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ respond: (r) => (r.endpoint === 'chat' ? 'positive because it was great' : ' positive because it was great') });
  closedPort = await freePort();
  const yaml = `
providers:
  fake: { type: openai, baseURL: ${fake.url}, apiKeyEnv: FAKE_OPENAI_KEY }
  keyless: { type: openai, baseURL: ${fake.url}, apiKeyEnv: MISSING_SECRET_KEY }
  down: { type: openai, baseURL: http://127.0.0.1:${closedPort}/v1, apiKeyEnv: FAKE_OPENAI_KEY }
models:
  - { id: gpt-4o-mini, provider: fake, kind: text, style: chat }
  - { id: davinci-002, provider: fake, kind: text, style: completion }
  - { id: keyless-chat, provider: keyless, kind: text, style: chat, model: gpt-4o-mini }
  - { id: down-chat, provider: down, kind: text, style: chat, model: gpt-4o-mini }
`;
  const models = createModelRegistry({
    config: parseModelsConfig(yaml, MODELS_FILE),
    env: { FAKE_OPENAI_KEY: fake.apiKey },
    factories: providerFactories({ timeoutMs: TIMEOUT_MS }),
  });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: fake.apiKey, models, timeoutMs: TIMEOUT_MS, startQueue: false });
  student = sandbox.student('Ivy Internals');
  server = await new Promise((resolve) => {
    const listening = http.createServer(sandbox.listener).listen(0, '127.0.0.1', () => resolve(listening));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await sandbox.stop();
  await fake.close();
});
beforeEach(() => {
  fake.faults.clear();
  fake.resetStats();
});

/** What must never reach a student. */
function leaks(text: string): string[] {
  const found: string[] = [];
  const literal = [
    fake.url,
    new URL(fake.url).host,
    `:${new URL(fake.url).port}`,
    `:${closedPort}`,
    '127.0.0.1',
    'localhost',
    fake.apiKey,
    'FAKE_OPENAI_KEY',
    'MISSING_SECRET_KEY',
    'apiKeyEnv',
    MODELS_FILE,
    'models.yaml',
    '/srv/',
    process.cwd(),
    os.tmpdir(),
    'provider fake',
    'provider down',
    'provider keyless',
  ];
  for (const needle of literal) if (text.includes(needle)) found.push(needle);
  const patterns = [/https?:\/\//, /\bE[A-Z]{4,}\b/, /\bat .+:\d+:\d+/, /\.(ts|js|mjs):\d+/, /node:internal/, /\b(Type|Syntax|Reference)Error\b/];
  for (const pattern of patterns) if (pattern.test(text)) found.push(String(pattern));
  return found;
}

type Answer = { status: number; requestId: string | null; text: string };

async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { authorization: `Bearer ${student.token}`, 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, requestId: response.headers.get('x-request-id'), text: await response.text() };
}

type Endpoint = { name: string; path: string; body: (model: string, stream: boolean) => object; model: string };
const endpoints: Endpoint[] = [
  {
    name: 'chat',
    path: '/v1/chat/completions',
    model: 'gpt-4o-mini',
    body: (model, stream) => ({ model, messages: [{ role: 'user', content: 'Review: ok' }], max_tokens: 8, stream }),
  },
  {
    name: 'completions',
    path: '/v1/completions',
    model: 'davinci-002',
    body: (model, stream) => ({ model, prompt: 'Review: ok\nSentiment:', max_tokens: 8, stream }),
  },
  { name: 'responses', path: '/v1/responses', model: 'gpt-4o-mini', body: (model, stream) => ({ model, input: 'Review: ok', max_output_tokens: 8, stream }) },
];

/** Every kind of upstream failure the fake server plays, before the answer and after it began. */
const upstreamFaults: [string, FaultInput, number?][] = [
  ['a 500', '500'],
  ['a 503', '503'],
  ['a 429', { kind: '429', retryAfter: '2' }],
  ['a 404 (wrong remote model)', { kind: 'status', status: 404, message: 'The model `gpt-4o-mini` does not exist at https://llm.internal.example:8443/v1' }],
  ['a 401 (the course key refused)', { kind: 'status', status: 401, message: 'Incorrect API key provided: sk-cour***' }],
  ['a 403', { kind: 'status', status: 403, message: 'Project proj_123 does not have access' }],
  ['a 400', { kind: 'status', status: 400, message: 'Invalid value at /srv/app/node_modules/x.js:1:2' }],
  ['a malformed body', 'malformed'],
  // Twice: a kept-alive connection dropped before any answer is tried once more (forward.ts).
  ['a dropped connection', 'drop', 2],
  ['a connection dropped mid-body', { kind: 'drop', phase: 'mid-body' }],
  ['a stream cut after 2 tokens', { kind: 'drop', afterTokens: 2 }],
  ['an answer stalled until the timeout', { kind: 'stall', afterTokens: 1 }],
  ['no answer within the timeout', { kind: 'slow', ms: 2_000 }],
];

describe('gateway errors show no internals', () => {
  for (const endpoint of endpoints) {
    for (const stream of [false, true]) {
      for (const [name, fault, times = 1] of upstreamFaults) {
        it(`${endpoint.name}${stream ? ' streamed' : ''}, upstream ${name}: a plain message; the detail is logged under the request id`, async () => {
          fake.faults.queue(fault, times);
          const answer = await send('POST', endpoint.path, JSON.stringify(endpoint.body(endpoint.model, stream)));
          expect(fake.stats().requests).toBeGreaterThanOrEqual(1);
          expect(answer.requestId).toMatch(/^req_/);
          expect(leaks(answer.text)).toEqual([]);
          // It failed, as an HTTP status or (after the stream opened) in the stream.
          const failedInStream = answer.status === 200 && /"error"|response\.failed/.test(answer.text);
          expect(answer.status >= 400 || failedInStream).toBe(true);
          expect(answer.text).toMatch(/the model provider (failed; try again|is rate limiting the sandbox)/);
          const detail = sandbox.logs.find((line) => line.includes(`"requestId":"${answer.requestId}"`) && line.includes('"level":"error"'));
          expect(JSON.parse(detail!)).toMatchObject({ level: 'error', requestId: answer.requestId, code: 'provider_error', message: expect.any(String) });
        });
      }
    }
  }

  const requestErrors: [string, () => Promise<Answer>, number][] = [
    ['an unknown model', () => send('POST', '/v1/chat/completions', JSON.stringify({ model: 'gpt-9', messages: [{ role: 'user', content: 'a' }] })), 404],
    ['an unknown model (responses)', () => send('POST', '/v1/responses', JSON.stringify({ model: 'gpt-9', input: 'a' })), 404],
    ['an unknown model (retrieve)', () => send('GET', '/v1/models/gpt-9'), 404],
    ['a model without its key', () => send('POST', '/v1/responses', JSON.stringify({ model: 'keyless-chat', input: 'a' })), 503],
    [
      'a model whose server refuses connections',
      () => send('POST', '/v1/chat/completions', JSON.stringify({ model: 'down-chat', messages: [{ role: 'user', content: 'a' }] })),
      502,
    ],
    [
      'a model whose server refuses connections (streamed response)',
      () => send('POST', '/v1/responses', JSON.stringify({ model: 'down-chat', input: 'a', stream: true })),
      502,
    ],
    ['invalid JSON', () => send('POST', '/v1/responses', '{"model":'), 400],
    ['an invalid body', () => send('POST', '/v1/responses', JSON.stringify({ model: 'gpt-4o-mini', input: [{ role: 'robot', content: 'a' }] })), 400],
    ['an unknown route', () => send('POST', '/v1/embeddings', '{}'), 404],
    ['a stored response', () => send('GET', '/v1/responses/resp_1'), 404],
    ['no token', () => send('POST', '/v1/responses', '{}', { authorization: '' }), 401],
    ['a wrong token', () => send('POST', '/v1/responses', '{}', { authorization: 'Bearer fms_wrong' }), 401],
  ];
  for (const [name, play, status] of requestErrors) {
    it(`${name}: ${status} with a plain message and a request id`, async () => {
      const answer = await play();
      expect(answer.status).toBe(status);
      expect(answer.requestId).toMatch(/^req_/);
      expect(leaks(answer.text)).toEqual([]);
      expect(JSON.parse(answer.text)).toMatchObject({ error: { message: expect.any(String), code: expect.any(String) } });
    });
  }

  it("the server's log keeps what the student is not told: the refused address, under the request id", async () => {
    const answer = await send('POST', '/v1/chat/completions', JSON.stringify({ model: 'down-chat', messages: [{ role: 'user', content: 'a' }] }));
    const detail = sandbox.logs.find((line) => line.includes(`"requestId":"${answer.requestId}"`) && line.includes('"level":"error"'));
    expect(detail).toContain(`127.0.0.1:${closedPort}`);
  });
});
