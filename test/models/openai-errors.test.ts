// Every way an OpenAI call can fail must reach the grading engine as the right typed error:
// retryable ProviderErrors (with the server's retry-after) for transient trouble, non-retryable
// ones with a fix for configuration mistakes, and Cancelled for aborts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeEach, beforeAll, describe, expect, it } from 'vitest';
import { Cancelled, ProviderError } from '../../server/core/errors.js';
import type { TextRequest, TextModel } from '../../server/core/model.js';
import { createOpenAITextModel, parseRetryAfter, type OpenAITextModelConfig } from '../../server/models/openai/index.js';
import { startFakeOpenAIServer, type FaultInput, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { waitFor } from '../support/wait-for.js';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ respond: () => 'one two three four', slowMs: 5_000 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.faults.clear();
  server.resetStats();
});

function model(overrides: Partial<OpenAITextModelConfig> = {}): TextModel {
  return createOpenAITextModel({
    id: 'gpt-4o-mini',
    providerName: 'openai',
    baseURL: server.url,
    apiKey: 'test-key',
    apiKeyEnv: 'OPENAI_API_KEY',
    remoteModel: 'gpt-4o-mini',
    style: 'chat',
    timeoutMs: 2_000,
    ...overrides,
  });
}
const request: TextRequest = {
  prompt: { style: 'chat', messages: [{ role: 'user', content: 'count' }] },
  temperature: 0,
  topP: 1,
  maxTokens: 50,
  stop: [],
};

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

async function providerFailure(fault: FaultInput, options: { stream?: boolean; m?: TextModel } = {}) {
  server.faults.queue(fault);
  const call = (options.m ?? model()).generate(request, options.stream ? { onText: () => {} } : {});
  const error = await failure(call);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('OpenAI provider errors', () => {
  for (const stream of [false, true]) {
    const mode = stream ? 'streaming' : 'plain';

    it(`${mode}: 429 is retryable with retry-after seconds`, async () => {
      const error = await providerFailure({ kind: '429', retryAfter: '7' }, { stream });
      expect(error).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 7, code: 'provider_error' });
      expect(error.message).toMatch(/^provider openai, model gpt-4o-mini: rate limited \(429\): Rate limit reached/);
    });

    it(`${mode}: 500 and 503 are retryable`, async () => {
      expect(await providerFailure('500', { stream })).toMatchObject({
        status: 500,
        retryable: true,
        retryAfterSeconds: null,
      });
      expect(await providerFailure({ kind: '503', retryAfter: '2' }, { stream })).toMatchObject({
        status: 503,
        retryable: true,
        retryAfterSeconds: 2,
      });
    });

    it(`${mode}: a dropped connection is retryable with no status`, async () => {
      const before = await providerFailure('drop', { stream });
      expect(before).toMatchObject({ status: null, retryable: true });
      expect(before.message).toContain(`could not reach ${server.url}`);
      const mid = await providerFailure({ kind: 'drop', phase: 'mid-body' }, { stream });
      expect(mid).toMatchObject({ status: null, retryable: true });
      expect(mid.message).toContain('failed mid-response');
    });

    it(`${mode}: a malformed body is retryable and says so`, async () => {
      const error = await providerFailure('malformed', { stream });
      expect(error).toMatchObject({ status: null, retryable: true });
      expect(error.message).toMatch(/^provider openai returned a malformed response for model gpt-4o-mini: /);
    });

    it(`${mode}: a timeout is retryable with no status`, async () => {
      // The server would answer after slowMs (5 s): only the client's timeout can make this call fail, and the message says it did.
      const error = await providerFailure('slow', { stream, m: model({ timeoutMs: 300 }) });
      expect(error).toMatchObject({ status: null, retryable: true });
      expect(error.message).toBe(`provider openai, model gpt-4o-mini: no response within 300 ms from ${server.url}`);
    });
  }

  it('a stream that stalls after its headers is retryable', async () => {
    // Headers and the role chunk, then silence with the connection open: no token ever comes.
    const stalling = await startFakeOpenAIServer({ respond: () => 'a b c' });
    stalling.faults.queue({ kind: 'stall', afterTokens: 0 });
    try {
      const deltas: string[] = [];
      const error = (await failure(model({ baseURL: stalling.url, timeoutMs: 200 }).generate(request, { onText: (d) => deltas.push(d) }))) as ProviderError;
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ status: null, retryable: true });
      expect(error.message).toBe(`provider openai, model gpt-4o-mini: the response stream from ${stalling.url} stalled for 200 ms`);
      expect(deltas).toEqual([]);
    } finally {
      await stalling.close();
    }
  });

  it('valid JSON of the wrong shape is malformed too', async () => {
    const error = await providerFailure({ kind: 'malformed', body: '{"object":"chat.completion","choices":[]}' });
    expect(error).toMatchObject({ status: null, retryable: true });
    expect(error.message).toContain('choices');
  });

  it('a retry-after-ms header wins over retry-after; an HTTP date counts down', async () => {
    const ms = await providerFailure({ kind: '429', retryAfter: '7', retryAfterMs: '1500' });
    expect(ms.retryAfterSeconds).toBe(1.5);
    const date = new Date(Date.now() + 30_000).toUTCString();
    const dated = await providerFailure({ kind: '429', retryAfter: date });
    expect(dated.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(dated.retryAfterSeconds).toBeLessThanOrEqual(31);
    const none = await providerFailure({ kind: '429', retryAfter: null });
    expect(none.retryAfterSeconds).toBeNull();
  });

  it('408 and 409 are retryable; 400 and 403 are not', async () => {
    expect(await providerFailure({ kind: 'status', status: 408 })).toMatchObject({ status: 408, retryable: true });
    expect(await providerFailure({ kind: 'status', status: 409 })).toMatchObject({ status: 409, retryable: true });
    const bad = await providerFailure({ kind: 'status', status: 400, message: "Invalid 'temperature'" });
    expect(bad).toMatchObject({ status: 400, retryable: false });
    expect(bad.message).toBe("provider openai, model gpt-4o-mini: request rejected (400): Invalid 'temperature'");
    expect(await providerFailure({ kind: 'status', status: 403 })).toMatchObject({ status: 403, retryable: false });
  });

  it('a wrong API key is a non-retryable 401 that names the variable to check', async () => {
    const error = await failure(model({ apiKey: 'sk-wrong-0000000' }).generate(request));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      status: 401,
      retryable: false,
      message: 'the API key for provider openai was rejected; check the environment variable OPENAI_API_KEY',
    });
  });

  it('an unknown remote model is a non-retryable 404 that points at models.yaml', async () => {
    const error = (await failure(model({ remoteModel: 'gpt-9' }).generate(request))) as ProviderError;
    expect(error).toMatchObject({ status: 404, retryable: false });
    expect(error.message).toContain('The model `gpt-9` does not exist');
    expect(error.message).toContain('check that "gpt-9" is the right remote model name in models.yaml');
  });

  it('an unreachable server is retryable with no status', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(model({ baseURL: `http://127.0.0.1:${port}/v1` }).generate(request));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: null, retryable: true });
  });

  it('legacy completions and choice scoring map faults the same way', async () => {
    const base = model({ id: 'davinci-002', remoteModel: 'davinci-002', style: 'completion' });
    server.faults.queue({ kind: '429', retryAfter: '4' });
    const generate = await failure(base.generate({ ...request, prompt: { style: 'completion', text: 'x' } }));
    expect(generate).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 4 });
    server.faults.queue('503');
    const score = await failure(base.scoreChoices!({ style: 'completion', text: 'x' }, [' a', ' b']));
    expect(score).toMatchObject({ status: 503, retryable: true });
    server.faults.queue('malformed');
    const chatScore = await failure(model().scoreChoices!(request.prompt, ['a']));
    expect(chatScore).toMatchObject({ status: null, retryable: true });
  });
});

describe('OpenAI provider cancellation', () => {
  it('an abort while waiting for the response is Cancelled, not retryable', async () => {
    server.faults.queue('slow');
    const controller = new AbortController();
    const call = failure(model().generate(request, { signal: controller.signal }));
    // Abort once the server holds the request: the call is waiting for the answer, which comes only after slowMs (5 s).
    await waitFor(() => server.stats().inFlight === 1, 'the server to hold the request');
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(Cancelled);
    expect(error).not.toBeInstanceOf(ProviderError);
    expect((error as Cancelled).code).toBe('cancelled');
  });

  it('an abort mid-stream is Cancelled and stops the deltas', async () => {
    const slowStream = await startFakeOpenAIServer({ respond: () => 'a b c d e f g h', chunkDelayMs: 50 });
    try {
      const controller = new AbortController();
      const deltas: string[] = [];
      const error = await failure(
        model({ baseURL: slowStream.url }).generate(request, {
          signal: controller.signal,
          onText: (delta) => {
            deltas.push(delta);
            if (deltas.length === 2) controller.abort();
          },
        }),
      );
      expect(error).toBeInstanceOf(Cancelled);
      expect(deltas).toEqual(['a', ' b']);
    } finally {
      await slowStream.close();
    }
  });

  it('an already-aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await failure(model().generate(request, { signal: controller.signal }))).toBeInstanceOf(Cancelled);
    expect(await failure(model().scoreChoices!(request.prompt, ['a'], { signal: controller.signal }))).toBeInstanceOf(Cancelled);
    expect(server.stats().requests).toBe(0);
  });

  it('an error thrown by onText reaches the caller unchanged', async () => {
    const boom = new Error('consumer failed');
    const error = await failure(
      model().generate(request, {
        onText: () => {
          throw boom;
        },
      }),
    );
    expect(error).toBe(boom);
  });
});

describe('parseRetryAfter', () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);
  it('reads seconds, milliseconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after': '12' }), now)).toBe(12);
    expect(parseRetryAfter(headers({ 'retry-after': '0.5' }), now)).toBe(0.5);
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '12' }), now)).toBe(0.25);
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:20 GMT' }), now)).toBe(20);
    expect(parseRetryAfter(headers({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }), now)).toBe(0);
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }), now)).toBeNull();
    expect(parseRetryAfter(headers({}), now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
