// The Responses API and models.retrieve at the gateway, driven by the real `openai` SDK over HTTP
// against the sandbox on 127.0.0.1, with the fake OpenAI-compatible server behind it: what
// `responses.create` (whole and streamed) and `responses.stream(...).finalResponse()` get back, the
// chat call it becomes upstream, the usage log and budget, the model policy, the refusals of what
// the sandbox cannot honour (each naming its field, reaching no backend), request ids, and
// `usage: null` on the chunks before the usage chunk of chat streams.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, parseSse, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';

const ANSWER = 'positive, clearly';

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let server: http.Server;
let baseURL: string;
let student: Person;

function listen(on: TestSandbox): Promise<{ server: http.Server; baseURL: string }> {
  return new Promise((resolve) => {
    const listening = http
      .createServer(on.listener)
      .listen(0, '127.0.0.1', () => resolve({ server: listening, baseURL: `http://127.0.0.1:${(listening.address() as AddressInfo).port}/v1` }));
  });
}

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ respond: (r) => (r.endpoint === 'chat' ? ANSWER : ' positive and more') });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: fake.apiKey, quotas: { tokenBudget: 10_000 }, gatewayMaxTokens: 64 });
  student = sandbox.student('Rosa Responses');
  ({ server, baseURL } = await listen(sandbox));
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

const client = (apiKey = student.token, at = baseURL) => new OpenAI({ baseURL: at, apiKey, maxRetries: 0 });
type Row = { ok: number; charged: number; prompt_tokens: number; completion_tokens: number; source: string; model: string };
const calls = (person = student, on = sandbox) =>
  on.db
    .prepare('SELECT ok, charged, prompt_tokens, completion_tokens, source, model FROM model_calls WHERE user_id = ? ORDER BY id')
    .all(person.user.id) as Row[];

describe('POST /v1/responses through the openai SDK', () => {
  it('answers a string input with one assistant message, usage, store: false; one usage-log row; upstream it is the chat call', async () => {
    const before = calls().length;
    const response = await client().responses.create({ model: 'gpt-4o-mini', instructions: 'Answer in two words.', input: 'Review: great', temperature: 0 });
    expect(response.object).toBe('response');
    expect(response.id).toMatch(/^resp_/);
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe(ANSWER);
    expect(response.output).toEqual([
      {
        id: expect.stringMatching(/^msg_/),
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: ANSWER, annotations: [], logprobs: [] }],
      },
    ]);
    expect(response.usage).toEqual({
      input_tokens: 6,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 2,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 8,
    });
    expect(response).toMatchObject({ model: 'gpt-4o-mini', instructions: 'Answer in two words.', store: false, error: null, incomplete_details: null });
    expect(calls().slice(before)).toEqual([{ ok: 1, charged: 1, prompt_tokens: 6, completion_tokens: 2, source: 'gateway', model: 'gpt-4o-mini' }]);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.path).toBe('/v1/chat/completions');
    expect(fake.requests[0]!.body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Answer in two words.' },
        { role: 'user', content: 'Review: great' },
      ],
      max_completion_tokens: 64,
      temperature: 0,
      stream: false,
    });
    // The budget rose by exactly what the call used.
    expect((await sandbox.services.ledger.usage(student.user.id, 'unassigned')).tokensUsed).toBe(
      calls().reduce((n, c) => n + c.prompt_tokens + c.completion_tokens, 0),
    );
  });

  it('takes message items: roles, text parts (input_text, output_text), developer as system', async () => {
    await client().responses.create({
      model: 'gpt-4o-mini',
      input: [
        { role: 'developer', content: 'Be terse.' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Review: ' },
            { type: 'input_text', text: 'fine' },
          ],
        },
        { type: 'message', role: 'assistant', id: 'msg_earlier', status: 'completed', content: [{ type: 'output_text', text: 'positive', annotations: [] }] },
        { role: 'user', content: 'And: awful' },
      ],
      max_output_tokens: 16,
    });
    expect(fake.requests[0]!.body.messages).toEqual([
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'Review: fine' },
      { role: 'assistant', content: 'positive' },
      { role: 'user', content: 'And: awful' },
    ]);
    expect(fake.requests[0]!.body.max_completion_tokens).toBe(16);
  });

  it('says incomplete when the answer hit max_output_tokens', async () => {
    const response = await client().responses.create({ model: 'gpt-4o-mini', input: 'hi', max_output_tokens: 1 });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output_text).toBe('positive,');
  });

  it('streams the Responses events in order, numbered, with the usage on response.completed', async () => {
    const before = calls().length;
    const stream = await client().responses.create({ model: 'gpt-4o-mini', input: [{ role: 'user', content: 'Review: great' }], stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const types = events.map((event) => event.type);
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...types.filter((type) => type === 'response.output_text.delta').map(() => 'response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
    const deltas = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(ANSWER);
    const created = events[0] as OpenAI.Responses.ResponseCreatedEvent;
    const completed = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    expect(created.response).toMatchObject({ status: 'in_progress', output: [], usage: null });
    expect(completed.response.id).toBe(created.response.id);
    expect(completed.response.status).toBe('completed');
    expect(completed.response.output[0]).toMatchObject({ type: 'message', content: [{ type: 'output_text', text: ANSWER }] });
    expect(completed.response.usage).toMatchObject({ input_tokens: 2, output_tokens: 2, total_tokens: 4 });
    expect(calls().slice(before)).toEqual([{ ok: 1, charged: 1, prompt_tokens: 2, completion_tokens: 2, source: 'gateway', model: 'gpt-4o-mini' }]);
    expect(fake.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("rebuilds the answer with the SDK's own stream accumulator (responses.stream().finalResponse())", async () => {
    const texts: string[] = [];
    const stream = client().responses.stream({ model: 'gpt-4o-mini', input: 'Review: great' });
    stream.on('response.output_text.delta', (event) => texts.push(event.delta));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(ANSWER);
    expect(texts.join('')).toBe(ANSWER);
    expect(final.status).toBe('completed');
  });

  it('a failure after the stream opened is an error event and response.failed, in plain words', async () => {
    fake.faults.queue({ kind: 'drop', afterTokens: 2 });
    const stream = await client().responses.create({ model: 'gpt-4o-mini', input: 'Review: great', stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const [error, failed] = events.slice(-2) as [OpenAI.Responses.ResponseErrorEvent, OpenAI.Responses.ResponseFailedEvent];
    expect(error).toMatchObject({ type: 'error', code: 'server_error', message: 'the model provider failed; try again', param: null });
    expect(failed.type).toBe('response.failed');
    expect(failed.response.status).toBe('failed');
    expect(failed.response.error).toEqual({ code: 'server_error', message: 'the model provider failed; try again' });
    expect(events.filter((event) => event.type === 'response.output_text.delta')).toHaveLength(2);
  });

  it('refuses previous_response_id with a clear 400 (nothing is stored), and there is no stored response to fetch', async () => {
    const error = await client()
      .responses.create({ model: 'gpt-4o-mini', input: 'more', previous_response_id: 'resp_earlier' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('previous_response_id');
    expect((error as Error).message).toMatch(/previous_response_id is not supported: the sandbox gateway does not store responses \(store: false\)/);

    const fetched = await client()
      .responses.retrieve('resp_earlier')
      .catch((e: unknown) => e);
    expect(fetched).toBeInstanceOf(OpenAI.NotFoundError);
    expect((fetched as Error).message).toMatch(/does not store responses/);
    expect(fake.stats().requests).toBe(0);
  });

  const refusals: [string, Record<string, unknown>, string, RegExp][] = [
    ['tools', { tools: [{ type: 'function', name: 'f', parameters: {} }] }, 'tools', /tools are not supported/],
    ['tool_choice', { tool_choice: 'required' }, 'tool_choice', /tool_choice is not supported/],
    [
      'an image',
      { input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'https://example.com/a.png' }] }] },
      'input[0].content[0].type',
      /"input_image" content is not supported/,
    ],
    ['a file', { input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] }] }, 'input[0].content[0].type', /"input_file" content/],
    [
      'a function call output',
      { input: [{ type: 'function_call_output', call_id: 'c', output: '1' }] },
      'input[0].type',
      /"function_call_output" input items are not supported/,
    ],
    [
      'a reasoning item',
      {
        input: [
          { role: 'user', content: 'a' },
          { type: 'reasoning', id: 'rs_1', summary: [] },
        ],
      },
      'input[1].type',
      /"reasoning" input items/,
    ],
    ['reasoning settings', { reasoning: { effort: 'low' } }, 'reasoning', /reasoning settings are not supported/],
    ['structured output', { text: { format: { type: 'json_schema', name: 'x', schema: {} } } }, 'text.format.type', /only text output/],
    ['include', { include: ['message.output_text.logprobs'] }, 'include', /include is not supported/],
    ['a conversation', { conversation: 'conv_1' }, 'conversation', /does not store conversations/],
    ['background', { background: true }, 'background', /background responses are not supported/],
    ['too many tokens', { max_output_tokens: 65 }, 'max_output_tokens', /max_output_tokens is 65; the sandbox gateway allows at most 64/],
  ];
  for (const [name, fields, param, message] of refusals) {
    it(`refuses ${name} with a 400 naming ${param}, before any model call`, async () => {
      const error = await client()
        .responses.create({ model: 'gpt-4o-mini', input: 'hi', ...fields } as OpenAI.Responses.ResponseCreateParamsNonStreaming)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(param);
      expect((error as Error).message).toMatch(message);
      expect(fake.stats().requests).toBe(0);
    });
  }

  it('follows the model policy of chat completions: base models are for /v1/completions, unknown ids are 404', async () => {
    const base = await client()
      .responses.create({ model: 'davinci-002', input: 'hi' })
      .catch((e: unknown) => e);
    expect(base).toBeInstanceOf(OpenAI.BadRequestError);
    expect((base as Error).message).toMatch(
      /davinci-002 is a base \(completion-style\) model: call \/v1\/completions with a prompt instead of \/v1\/responses/,
    );
    const unknown = await client()
      .responses.create({ model: 'gpt-9', input: 'hi' })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
    expect((unknown as Error).message).toBe('404 The model `gpt-9` does not exist or is not available in this course.');
    expect(fake.stats().requests).toBe(0);
  });

  it('the same authentication and budget as chat: 401 for a wrong token, 429 insufficient_quota (no retry) for a spent budget', async () => {
    const wrong = await client('fms_wrong-token-wrong-token')
      .responses.create({ model: 'gpt-4o-mini', input: 'hi' })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(OpenAI.AuthenticationError);
    const spender = sandbox.student('Sam Spender');
    sandbox.db.prepare("INSERT INTO usage_counters (user_id, scope, tokens_used) VALUES (?, 'unassigned', 10000)").run(spender.user.id);
    for (const stream of [false, true]) {
      const spent = await client(spender.token)
        .responses.create({ model: 'gpt-4o-mini', input: 'hi', stream })
        .catch((e: unknown) => e);
      expect(spent).toBeInstanceOf(OpenAI.RateLimitError);
      expect((spent as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('insufficient_quota');
      expect((spent as InstanceType<typeof OpenAI.RateLimitError>).headers.get('x-should-retry')).toBe('false');
    }
    expect(fake.stats().requests).toBe(0);
  });

  it('the same rate limit and cap on requests in flight as chat', async () => {
    const limited = await createTestSandbox({ baseURL: fake.url, apiKey: fake.apiKey, quotas: { rateLimitPerMinute: 2, maxConcurrentRequests: 1 } });
    const { server: limitedServer, baseURL: limitedURL } = await listen(limited);
    try {
      const person = limited.student('Lena Limited');
      const sdk = client(person.token, limitedURL);
      // One slow call in flight: a second one at the same time is refused.
      fake.faults.queue({ kind: 'slow', ms: 300 });
      const first = sdk.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const concurrent = await sdk.responses.create({ model: 'gpt-4o-mini', input: 'hi' }).catch((e: unknown) => e);
      expect(concurrent).toBeInstanceOf(OpenAI.RateLimitError);
      expect((concurrent as Error).message).toMatch(/at most 1 at a time/);
      expect((await first).output_text).toBe(ANSWER);
      // Two a minute (a refused request does not count): the next one goes through, the one after is refused.
      expect((await sdk.responses.create({ model: 'gpt-4o-mini', input: 'hi' })).output_text).toBe(ANSWER);
      const third = await sdk.responses.create({ model: 'gpt-4o-mini', input: 'hi' }).catch((e: unknown) => e);
      expect(third).toBeInstanceOf(OpenAI.RateLimitError);
      expect((third as Error).message).toMatch(/at most 2 a minute/);
      expect((third as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toMatch(/^\d+$/);
      expect(calls(person, limited)).toHaveLength(2);
    } finally {
      await new Promise((resolve) => limitedServer.close(resolve));
      await limited.stop();
    }
  });
});

describe('GET /v1/models/{id} through the openai SDK', () => {
  it('retrieves a text model the gateway serves', async () => {
    const model = await client().models.retrieve('gpt-4o-mini');
    expect(model).toEqual({ id: 'gpt-4o-mini', object: 'model', created: expect.any(Number), owned_by: 'fake' });
    const listed = await client().models.list();
    expect(listed.data.find((m) => m.id === 'gpt-4o-mini')).toEqual(model);
  });

  it("answers 404 in OpenAI's shape for an unknown id", async () => {
    const error = await client()
      .models.retrieve('gpt-9/../../etc')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toEqual({
      message: 'The model `gpt-9/../../etc` does not exist or is not available in this course.',
      type: 'invalid_request_error',
      param: 'model',
      code: 'model_not_found',
    });
  });

  it('needs a valid token like every /v1 route', async () => {
    expect(
      await client('fms_nope-nope-nope')
        .models.retrieve('gpt-4o-mini')
        .catch((e: unknown) => e),
    ).toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('request ids', () => {
  it('every /v1 answer has its own x-request-id, which the SDK reports and the request log line repeats', async () => {
    const before = sandbox.logs.length;
    const { data, request_id: chatId } = await client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a' }] })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe(ANSWER);
    const { request_id: responseId } = await client().responses.create({ model: 'gpt-4o-mini', input: 'a' }).withResponse();
    const { request_id: modelsId } = await client().models.list().withResponse();
    const failed = await client()
      .responses.create({ model: 'gpt-9', input: 'a' })
      .catch((e: unknown) => e);
    const failedId = (failed as InstanceType<typeof OpenAI.APIError>).requestID;
    const ids = [chatId, responseId, modelsId, failedId];
    for (const id of ids) expect(id).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    expect(new Set(ids).size).toBe(4);
    const lines = sandbox.logs.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.path).map((line) => [line.path, line.status, line.requestId])).toEqual([
      ['/v1/chat/completions', 200, chatId],
      ['/v1/responses', 200, responseId],
      ['/v1/models', 200, modelsId],
      ['/v1/responses', 404, failedId],
    ]);
  });

  it('streamed answers and refusals before authentication carry one too; other routes do not', async () => {
    const streamed = await fetch(`${baseURL}/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${student.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'a', stream: true }),
    });
    expect(streamed.headers.get('x-request-id')).toMatch(/^req_/);
    await streamed.text();
    const stranger = await fetch(`${baseURL}/models`);
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get('x-request-id')).toMatch(/^req_/);
    const health = await fetch(`${baseURL.replace(/\/v1$/, '')}/healthz`);
    expect(health.headers.get('x-request-id')).toBeNull();
  });
});

describe('chat and completion streams with include_usage', () => {
  async function chunks(path: string, body: object) {
    const response = await fetch(`${baseURL}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${student.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, stream: true }),
    });
    const text = await response.text();
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    return parseSse(text.replace('data: [DONE]', '')).map((event) => event.data as Record<string, unknown>);
  }

  for (const [path, body] of [
    ['/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a' }] }],
    ['/completions', { model: 'davinci-002', prompt: 'a', max_tokens: 3 }],
  ] as const) {
    it(`${path}: usage is null on every chunk before the last, which has it; without include_usage there is no usage key`, async () => {
      const withUsage = await chunks(path, { ...body, stream_options: { include_usage: true } });
      expect(withUsage.length).toBeGreaterThan(2);
      for (const chunk of withUsage.slice(0, -1)) expect(chunk).toHaveProperty('usage', null);
      expect(withUsage.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
      const without = await chunks(path, body);
      for (const chunk of without) expect(chunk).not.toHaveProperty('usage');
    });
  }
});
