// Attack: learn the server's internals from the playground's errors. A run whose model provider
// failed answered with the provider's URL ("could not reach http://10.0.0.5:8443/v1: connect
// ECONNREFUSED"), its host and port, or its own message (which can carry a path or the course's
// account). Here every error path of the student playground (/api/run, /api/run-dev and the
// image-text runs: upstream statuses, malformed bodies, dropped connections, timeouts, a refused
// connection to a telling host and port, unconfigured and key-less models) is played over real
// HTTP on 127.0.0.1 with a models file at a telling absolute path. No answer, whole or streamed,
// may contain a URL, a host or port, a file path, an operating-system error code or a stack frame;
// a provider failure is still in the server log, under the request id its answer carries.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';
import { startFakeOpenAIServer, type FakeOpenAIServer, type FaultInput } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, repoRoot } from '../../testkit/sentiment-fixture.js';

const MODELS_FILE = '/srv/course-secrets/config/models.yaml';
const TIMEOUT_MS = 400;

let fake: FakeOpenAIServer;
let closedPort: number;
const open: { sandbox: TestSandbox; server: http.Server }[] = [];
let text: { sandbox: TestSandbox; origin: string; student: Person };
let images: { sandbox: TestSandbox; origin: string; student: Person };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function start(tasksDir: string | undefined) {
  // gpt-4.1-mini sits behind a port nobody listens on; davinci-002 lacks its key; babbage-002,
  // allowed by the task, is not configured at all.
  const yaml = `
providers:
  fake: { type: openai, baseURL: ${fake.url}, apiKeyEnv: FAKE_OPENAI_KEY }
  keyless: { type: openai, baseURL: ${fake.url}, apiKeyEnv: MISSING_SECRET_KEY }
  down: { type: openai, baseURL: http://127.0.0.1:${closedPort}/v1, apiKeyEnv: FAKE_OPENAI_KEY }
models:
  - { id: gpt-4o-mini, provider: fake, kind: text, style: chat }
  - { id: davinci-002, provider: keyless, kind: text, style: completion }
  - { id: gpt-4.1-mini, provider: down, kind: text, style: chat, model: gpt-4o-mini }
`;
  const models = createModelRegistry({
    config: parseModelsConfig(yaml, MODELS_FILE),
    env: { FAKE_OPENAI_KEY: fake.apiKey },
    factories: providerFactories({ timeoutMs: TIMEOUT_MS }),
  });
  const sandbox = await createTestSandbox({
    baseURL: fake.url,
    apiKey: fake.apiKey,
    models,
    timeoutMs: TIMEOUT_MS,
    startQueue: false,
    ...(tasksDir ? { tasksDir } : {}),
  });
  const student = sandbox.student('Pia Playground');
  const server = await new Promise<http.Server>((resolve) => {
    const listening = http.createServer(sandbox.listener).listen(0, '127.0.0.1', () => resolve(listening));
  });
  open.push({ sandbox, server });
  return { sandbox, student, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ respond: (r) => (r.endpoint === 'chat' ? 'positive' : ' positive') });
  closedPort = await freePort();
  text = await start(undefined);
  images = await start(path.join(repoRoot, 'test/fixtures/local-tasks'));
});
afterAll(async () => {
  for (const { sandbox, server } of open) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await sandbox.stop();
  }
  await fake.close();
});
beforeEach(() => {
  fake.faults.clear();
  fake.resetStats();
});

/** What must never reach a student. */
function leaks(body: string): string[] {
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
    'llm.internal.example',
    process.cwd(),
    os.tmpdir(),
    'provider fake',
    'provider down',
    'provider keyless',
  ];
  for (const needle of literal) if (body.includes(needle)) found.push(needle);
  const patterns = [/https?:\/\//, /\bE[A-Z]{4,}\b/, /\bat .+:\d+:\d+/, /\.(ts|js|mjs):\d+/, /node:internal/, /\b(Type|Syntax|Reference)Error\b/];
  for (const pattern of patterns) if (pattern.test(body)) found.push(String(pattern));
  return found;
}

type Answer = { status: number; requestId: string | null; body: string };

async function post(where: { origin: string; student: Person }, route: string, payload: object): Promise<Answer> {
  const response = await fetch(`${where.origin}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${where.student.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: response.status, requestId: response.headers.get('x-request-id'), body: await response.text() };
}

const colourLabels = Object.fromEntries(['red', 'green', 'blue', 'yellow', 'white'].map((c) => [c, [c]]));
const run = (model = 'gpt-4o-mini') => post(text, '/api/run', { taskId: 'sentiment', program: { ...chatProgram, model }, case: { caseId: 'dev-001' } });
const runDev = () => post(text, '/api/run-dev', { taskId: 'sentiment', program: chatProgram, caseIds: ['dev-001', 'dev-002'] });

/** The provider's failure is in the log under the answer's request id, with the detail the student was not told. */
function loggedDetail(sandbox: TestSandbox, requestId: string | null): Record<string, unknown> | undefined {
  expect(requestId).toMatch(/^req_/);
  const line = sandbox.logs.find((l) => l.includes(`"requestId":"${requestId}"`) && l.includes('"level":"error"') && l.includes('provider_error'));
  return line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
}

/** Every kind of upstream failure the fake server plays; retried ones queued for every attempt. */
const upstreamFaults: [string, FaultInput][] = [
  ['a 500', '500'],
  ['a 503', '503'],
  ['a 429', { kind: '429', retryAfter: '0' }],
  ['a 404 (wrong remote model)', { kind: 'status', status: 404, message: 'The model `gpt-4o-mini` does not exist at https://llm.internal.example:8443/v1' }],
  ['a 401 (the course key refused)', { kind: 'status', status: 401, message: 'Incorrect API key provided: sk-cour***' }],
  ['a 403', { kind: 'status', status: 403, message: 'Project proj_123 does not have access' }],
  ['a 400', { kind: 'status', status: 400, message: 'Invalid value at /srv/app/node_modules/x.js:1:2' }],
  ['a malformed body', 'malformed'],
  ['a dropped connection', 'drop'],
  ['a stream cut after 2 tokens', { kind: 'drop', afterTokens: 2 }],
  ['an answer stalled until the timeout', { kind: 'stall', afterTokens: 1 }],
  ['no answer within the timeout', { kind: 'slow', ms: 2_000 }],
];

describe('playground errors show no internals', () => {
  for (const [name, fault] of upstreamFaults) {
    it(`/api/run, upstream ${name}: a plain message; the detail is logged under the request id`, async () => {
      fake.faults.queue(fault, 10);
      const answer = await run();
      expect(fake.stats().requests).toBeGreaterThanOrEqual(1);
      expect(leaks(answer.body)).toEqual([]);
      expect(answer.body).toMatch(/the model provider (failed; try again|is rate limiting the sandbox)/);
      expect(answer.body).toContain('"code":"provider_error"');
      expect(loggedDetail(text.sandbox, answer.requestId)).toMatchObject({ level: 'error', code: 'provider_error', message: expect.any(String) });
    });
  }

  it('/api/run-dev with a failing provider: the report names the failure per case, without internals', async () => {
    fake.faults.queue({ kind: 'status', status: 500, message: 'upstream https://llm.internal.example:8443/v1 exploded' }, 100);
    const answer = await runDev();
    expect(answer.status).toBe(200);
    expect(leaks(answer.body)).toEqual([]);
    expect(answer.body).toContain('the model provider failed');
  });

  it('/api/run-dev on a model whose server refuses connections: no address in the report', async () => {
    const answer = await post(text, '/api/run-dev', { taskId: 'sentiment', program: { ...chatProgram, model: 'gpt-4.1-mini' }, caseIds: ['dev-001'] });
    expect(leaks(answer.body)).toEqual([]);
    expect(answer.body).toMatch(/the model provider (failed|could not be reached)|model_unavailable/);
  });

  it('/api/run on a model whose server refuses connections: a plain message, the address only in the log', async () => {
    const answer = await run('gpt-4.1-mini');
    expect(leaks(answer.body)).toEqual([]);
    expect(answer.body).toMatch(/the model provider failed; try again|model_unavailable/);
    const detail = text.sandbox.logs.find((l) => l.includes(`"requestId":"${answer.requestId}"`) && l.includes('"level":"error"'));
    expect(detail).toContain(`127.0.0.1:${closedPort}`);
  });

  const requestErrors: [string, () => Promise<Answer>, number, RegExp][] = [
    ['/api/run on a model the task allows but the server lacks', () => run('babbage-002'), 404, /model babbage-002 is not available in this course/],
    ['/api/run on a model without its key', () => run('davinci-002'), 503, /not available on this server right now/],
    ['/api/run on a model the task does not allow', () => run('gpt-9'), 422, /gpt-9/],
    [
      '/api/image-text/classify on a model the server lacks',
      () =>
        post(images, '/api/image-text/classify', {
          taskId: 'colours',
          program: { kind: 'image-text', model: 'clip-vit-base-patch32', labels: colourLabels, templates: ['{label}'] },
          image: { caseId: 'dev-blue' },
        }),
      404,
      /model clip-vit-base-patch32 is not available in this course/,
    ],
    [
      '/api/image-text/retrieve on a model the server lacks',
      () =>
        post(images, '/api/image-text/retrieve', {
          taskId: 'colours',
          program: { kind: 'image-text', model: 'clip-vit-base-patch32', labels: colourLabels, templates: ['{label}'] },
          query: 'red',
        }),
      404,
      /model clip-vit-base-patch32 is not available in this course/,
    ],
    [
      '/api/image-text/classify with an upload that is no image',
      () =>
        post(images, '/api/image-text/classify', {
          taskId: 'colours',
          program: { kind: 'image-text', model: 'clip-vit-base-patch32', labels: colourLabels, templates: ['{label}'] },
          image: { base64: Buffer.from('/srv/app/secret.txt: hello').toString('base64'), name: '/srv/app/secret.png' },
        }),
      400,
      /the image must be a PNG/,
    ],
  ];
  for (const [name, play, status, message] of requestErrors) {
    it(`${name}: ${status} with a plain message and a request id`, async () => {
      const answer = await play();
      expect(answer.status, answer.body).toBe(status);
      expect(answer.requestId).toMatch(/^req_/);
      expect(leaks(answer.body)).toEqual([]);
      expect(JSON.parse(answer.body).error.message).toMatch(message);
    });
  }
});
