// The gateway's hot path end to end: the real `openai` SDK against the sandbox on 127.0.0.1, whose
// OpenAI-type models answer through the forwarding path (no SDK inside the gateway) from the fake
// OpenAI-compatible server, with the POSTs taken by the fast lane before express. Checks that the
// answers, streams, usage log, budget and error mapping are what the gateway promises, and that a
// request the fast lane takes and the same request left to express get the same answer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fastLaneKind } from '../../server/http/gateway-fast-lane.js';
import { createSecurityHeaders } from '../../server/http/security-headers.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let server: http.Server;
let baseURL: string;
let student: Person;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ respond: (r) => (r.endpoint === 'chat' ? 'positive, clearly' : ' positive and more') });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: fake.apiKey, quotas: { tokenBudget: 10_000 } });
  student = sandbox.student('Nora Notebook');
  server = await new Promise((resolve) => {
    const listening = http.createServer(sandbox.listener).listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await sandbox.stop();
  await fake.close();
});
beforeEach(() => {
  fake.faults.clear();
  fake.resetStats();
});

const client = (apiKey = student.token) => new OpenAI({ baseURL, apiKey, maxRetries: 0 });
const calls = () =>
  sandbox.db
    .prepare('SELECT ok, charged, prompt_tokens, completion_tokens, source, model FROM model_calls WHERE user_id = ? ORDER BY id')
    .all(student.user.id) as Record<string, unknown>[];

describe('gateway hot path: answers through the forwarding path', () => {
  it('a chat completion: the answer, usage, one usage-log row, and the backend was called without the SDK', async () => {
    const before = calls().length;
    const completion = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Review: great' }],
      max_tokens: 8,
      temperature: 0,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.content).toBe('positive, clearly');
    expect(completion.usage).toEqual({ prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 });
    expect(calls().slice(before)).toEqual([{ ok: 1, charged: 1, prompt_tokens: 2, completion_tokens: 2, source: 'gateway', model: 'gpt-4o-mini' }]);
    expect(fake.requests.map((r) => r.headers.userAgent)).toEqual(['fm-sandbox-gateway']);
    expect(fake.requests[0]!.body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Review: great' }],
      max_completion_tokens: 8,
      stream: false,
    });
  });

  it('a streamed completion with usage, and a streamed chat completion', async () => {
    const before = calls().length;
    const stream = await client().completions.create({
      model: 'davinci-002',
      prompt: 'Sentiment:',
      max_tokens: 2,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      if (chunk.choices[0]) {
        pieces.push(chunk.choices[0].text);
        finish = chunk.choices[0].finish_reason ?? finish;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces.join('')).toBe(' positive and');
    expect(pieces.filter(Boolean)).toEqual([' positive', ' and']);
    expect(finish).toBe('length');
    expect(usage).toEqual({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });

    const chat = await client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let role: string | undefined;
    let text = '';
    for await (const chunk of chat) {
      role ??= chunk.choices[0]?.delta.role;
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(role).toBe('assistant');
    expect(text).toBe('positive, clearly');
    expect(
      calls()
        .slice(before)
        .map((c) => [c.ok, c.prompt_tokens, c.completion_tokens]),
    ).toEqual([
      [1, 1, 2],
      [1, 1, 2],
    ]);
    expect(fake.requests.map((r) => [r.headers.userAgent, r.body.stream, r.body.stream_options])).toEqual([
      ['fm-sandbox-gateway', true, { include_usage: true }],
      ['fm-sandbox-gateway', true, { include_usage: true }],
    ]);
  });

  it('maps backend failures: a 429 stays a 429 with its retry-after, a 500 becomes a 502; each is one request and no tokens', async () => {
    const before = calls().length;
    fake.faults.queue({ kind: '429', retryAfter: '3' });
    const limited = await client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a' }] })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('3');
    // The provider's own words (its account, limits, host) stay in the server log, under the request id.
    expect((limited as Error).message).toBe('429 the model provider is rate limiting the sandbox; try again in a moment');
    const limitedId = (limited as InstanceType<typeof OpenAI.RateLimitError>).requestID;
    expect(limitedId).toMatch(/^req_/);
    expect(sandbox.logs.find((line) => line.includes(limitedId!) && line.includes('Rate limit reached'))).toBeDefined();

    fake.faults.queue('500');
    const failed = await client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a' }], stream: true })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(OpenAI.APIError);
    expect((failed as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((failed as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ type: 'api_error', code: 'upstream_error' });
    expect((failed as Error).message).toBe('502 the model provider failed; try again');
    const failedId = (failed as InstanceType<typeof OpenAI.APIError>).requestID!;
    const detail = JSON.parse(sandbox.logs.find((line) => line.includes(failedId) && line.includes('"level":"error"'))!);
    expect(detail).toMatchObject({ requestId: failedId, code: 'provider_error', upstreamStatus: 500 });
    expect(detail.message).toContain('provider fake, model gpt-4o-mini: temporary failure (500)');
    expect(calls().slice(before)).toEqual([
      { ok: 0, charged: 1, prompt_tokens: 0, completion_tokens: 0, source: 'gateway', model: 'gpt-4o-mini' },
      { ok: 0, charged: 1, prompt_tokens: 0, completion_tokens: 0, source: 'gateway', model: 'gpt-4o-mini' },
    ]);
    // The provider took both requests (attempt-cost.ts): each counts against the request budget, no tokens billed.
    const usage = await sandbox.services.ledger.usage(student.user.id, 'unassigned');
    expect(usage.requestsUsed).toBe(calls().length);
    expect(usage.tokensUsed).toBe(calls().reduce((n, c) => n + (c.prompt_tokens as number) + (c.completion_tokens as number), 0));
  });

  it('a wrong token is a 401 and a spent budget a 429 that reaches no backend', async () => {
    const wrong = await client('fms_wrong-token-wrong-token')
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a' }] })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(OpenAI.AuthenticationError);

    const spender = sandbox.student('Sam Spender');
    sandbox.db.prepare("INSERT INTO usage_counters (user_id, scope, tokens_used) VALUES (?, 'unassigned', 10000)").run(spender.user.id);
    const spent = await client(spender.token)
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a' }] })
      .catch((e: unknown) => e);
    expect(spent).toBeInstanceOf(OpenAI.RateLimitError);
    expect((spent as InstanceType<typeof OpenAI.RateLimitError>).headers.get('x-should-retry')).toBe('false');
    expect((spent as Error).message).toMatch(/Sandbox budget exhausted: your token budget for unassigned is used up \(10000 of 10000 tokens\)/);
    expect(fake.stats().requests).toBe(0);
  });

  it('a revoked token stops working at once, although token lookups are remembered', async () => {
    const revoked = sandbox.student('Rita Revoked');
    await client(revoked.token).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a' }] });
    await sandbox.services.accounts.credentials.revokeToken(revoked.user.id);
    const error = await client(revoked.token)
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('gateway fast lane: same answers as the express routes', () => {
  type Sent = { path: string; body: string | Buffer; headers?: Record<string, string> };
  /** Sends a request with a Content-Length (fast lane) or chunked (left to express); returns what came back, ids and times blanked. */
  function send(request: Sent, chunked: boolean): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
    return new Promise((resolve, reject) => {
      const url = new URL(`${baseURL}${request.path}`);
      const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${student.token}`, ...request.headers };
      if (!chunked) headers['content-length'] = String(Buffer.byteLength(request.body));
      const outgoing = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (text: string) => (body += text));
        response.on('end', () => {
          const { date: _date, 'transfer-encoding': _te, 'content-length': _length, 'x-request-id': requestId, ...rest } = response.headers;
          // Every answer has its own request id: present both ways, compared by shape.
          if (!/^req_[A-Za-z0-9_-]{16}$/.test(String(requestId))) reject(new Error(`x-request-id ${String(requestId)}`));
          resolve({
            status: response.statusCode!,
            headers: rest,
            body: body.replace(/(chat)?cmpl-[A-Za-z0-9_-]+|(resp|msg)_[A-Za-z0-9_-]+/g, 'ID').replace(/"created(_at)?":\d+/g, '"created":0'),
          });
        });
      });
      outgoing.on('error', reject);
      if (chunked) {
        // Two writes without a length: node sends Transfer-Encoding: chunked.
        const bytes = Buffer.from(request.body);
        outgoing.write(bytes.subarray(0, 1));
        outgoing.end(bytes.subarray(1));
      } else {
        outgoing.end(request.body);
      }
    });
  }

  const cases: [string, Sent][] = [
    [
      'a chat completion',
      { path: '/chat/completions', body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], max_tokens: 4 }) },
    ],
    [
      'a streamed completion',
      {
        path: '/completions',
        body: JSON.stringify({ model: 'davinci-002', prompt: 'p', max_tokens: 3, stream: true, stream_options: { include_usage: true } }),
      },
    ],
    ['a response', { path: '/responses', body: JSON.stringify({ model: 'gpt-4o-mini', input: 'x', max_output_tokens: 4 }) }],
    [
      'a streamed response',
      { path: '/responses', body: JSON.stringify({ model: 'gpt-4o-mini', instructions: 'Be brief.', input: [{ role: 'user', content: 'x' }], stream: true }) },
    ],
    ['a response asking for tools', { path: '/responses', body: JSON.stringify({ model: 'gpt-4o-mini', input: 'x', tools: [{ type: 'web_search' }] }) }],
    ['invalid JSON', { path: '/chat/completions', body: '{"model":' }],
    ['a JSON string instead of an object', { path: '/chat/completions', body: '"hello"' }],
    [
      'invalid UTF-8',
      {
        path: '/chat/completions',
        body: Buffer.from([...Buffer.from('{"model":"'), 0xff, ...Buffer.from('"}')]),
        headers: { 'content-type': 'application/json; charset=utf-8' },
      },
    ],
    ['a missing field', { path: '/chat/completions', body: JSON.stringify({ model: 'gpt-4o-mini' }) }],
    ['an unknown model', { path: '/chat/completions', body: JSON.stringify({ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] }) }],
    [
      'a base model on the chat endpoint',
      { path: '/chat/completions', body: JSON.stringify({ model: 'davinci-002', messages: [{ role: 'user', content: 'x' }] }) },
    ],
    ['a bad token', { path: '/completions', body: JSON.stringify({ model: 'davinci-002', prompt: 'p' }), headers: { authorization: 'Bearer nope' } }],
    ['no token and a malformed body', { path: '/completions', body: '{', headers: { authorization: '' } }],
  ];
  for (const [name, request] of cases) {
    it(`${name}: the same status, headers and body both ways`, async () => {
      const viaExpress = await send(request, true);
      const viaLane = await send(request, false);
      expect(viaLane).toEqual(viaExpress);
      expect(viaLane.status).toBeGreaterThanOrEqual(200);
    });
  }

  it("answers JSON with the headers of express's own res.json (GET /v1/models is answered by express)", async () => {
    const models = await fetch(`${baseURL}/models`, { headers: { authorization: `Bearer ${student.token}` } });
    const [, request] = cases[0]!;
    const completion = await send(request, false);
    expect(completion.status).toBe(200);
    expect(completion.headers['content-type']).toBe(models.headers.get('content-type'));
    // Plus the security headers every answer carries (security-headers.ts), and nothing else.
    const security = createSecurityHeaders({ https: false }).headers.map(([name]) => name.toLowerCase());
    // Plus the request id, which `send` checked and set aside.
    expect(Object.keys(completion.headers).sort()).toEqual(['connection', 'content-type', 'keep-alive', ...security].sort());
    expect(models.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('logs the same request line both ways', async () => {
    const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    const before = sandbox.logs.length;
    await send({ path: '/chat/completions?trace=1', body }, true);
    await send({ path: '/chat/completions?trace=1', body }, false);
    const lines = sandbox.logs.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    // Each line names its answer's request id (the x-request-id header), different each time.
    expect(lines.map((line) => line.requestId)).toEqual([expect.stringMatching(/^req_/), expect.stringMatching(/^req_/)]);
    expect(lines[0]!.requestId).not.toBe(lines[1]!.requestId);
    const comparable = lines.map(({ time: _time, ms: _ms, requestId: _id, ...rest }) => rest);
    expect(comparable[1]).toEqual(comparable[0]);
    expect(comparable[0]).toEqual({ level: 'info', method: 'POST', path: '/v1/chat/completions', status: 200, user: student.user.id });
  });

  it('takes only plain JSON POSTs to the three endpoints, with a length within the limit', () => {
    const request = (method: string, url: string, headers: Record<string, string>) => ({ method, url, headers }) as unknown as http.IncomingMessage;
    const json = { 'content-type': 'application/json', 'content-length': '10' };
    expect(fastLaneKind(request('POST', '/v1/chat/completions', json))).toBe('chat');
    expect(fastLaneKind(request('POST', '/v1/responses', json))).toBe('responses');
    expect(fastLaneKind(request('POST', '/v1/completions?x=1', { ...json, 'content-type': 'Application/JSON; charset=UTF-8' }))).toBe('completions');
    expect(fastLaneKind(request('GET', '/v1/chat/completions', json))).toBeNull();
    expect(fastLaneKind(request('POST', '/v1/chat/completions/', json))).toBeNull();
    expect(fastLaneKind(request('POST', '/v1/embeddings', json))).toBeNull();
    expect(fastLaneKind(request('POST', '/v1/completions', { ...json, 'content-type': 'text/plain' }))).toBeNull();
    expect(fastLaneKind(request('POST', '/v1/completions', { ...json, 'content-type': 'application/json; charset=latin1' }))).toBeNull();
    expect(fastLaneKind(request('POST', '/v1/completions', { ...json, 'content-encoding': 'gzip' }))).toBeNull();
    expect(fastLaneKind(request('POST', '/v1/completions', { 'content-type': 'application/json' }))).toBeNull();
    expect(fastLaneKind(request('POST', '/v1/completions', { ...json, 'content-length': '0' }))).toBeNull();
    expect(fastLaneKind(request('POST', '/v1/completions', { ...json, 'content-length': String(2 * 1024 * 1024 + 1) }))).toBeNull();
  });
});
