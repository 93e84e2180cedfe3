// The gateway's forwarding path (server/models/openai/forward.ts) against the SDK path it stands in
// for: the same request bodies reach the backend, the same answers and stream deltas come back,
// and every fault maps to the same typed error (class, status, retry hints, message). Each case
// runs both paths on the same deterministic fake server and compares them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Cancelled, type ProviderError } from '../../server/core/errors.js';
import type { TextModel, TextRequest } from '../../server/core/model.js';
import { createOpenAITextModel, type OpenAITextModelConfig } from '../../server/models/openai/index.js';
import { startFakeOpenAIServer, type FaultInput, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { waitFor } from '../support/wait-for.js';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ respond: (r) => (r.endpoint === 'chat' ? 'one two three four' : ' five six seven'), slowMs: 5_000 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.faults.clear();
  server.resetStats();
});

function sdkModel(overrides: Partial<OpenAITextModelConfig> = {}): TextModel {
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
const baseOverrides = { id: 'davinci-002', remoteModel: 'davinci-002', style: 'completion' as const };

/** Both paths of one configured model: the model through generate (the SDK), and the same model through its forward path. */
function paths(overrides: Partial<OpenAITextModelConfig> = {}) {
  const sdk = sdkModel(overrides);
  expect(sdk.forward).toBeTypeOf('function');
  const forward: TextModel = { ...sdk, generate: (request, options) => sdk.forward!(request, options) };
  return { sdk, forward };
}

const chat: TextRequest = {
  prompt: {
    style: 'chat',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'count' },
    ],
  },
  temperature: 0.5,
  topP: 0.9,
  maxTokens: 3,
  stop: [],
};
const text: TextRequest = { prompt: { style: 'completion', text: 'Count: four' }, temperature: 0, topP: 1, maxTokens: 50, stop: ['\n'] };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** What a caller can observe of an error. */
function observed(error: unknown) {
  const e = error as ProviderError;
  return { class: e?.constructor?.name, code: e.code, status: e.status, retryable: e.retryable, retryAfterSeconds: e.retryAfterSeconds, message: e.message };
}

async function run(model: TextModel, request: TextRequest, stream: boolean) {
  const deltas: string[] = [];
  const result = await model.generate(request, stream ? { onText: (d) => deltas.push(d) } : {});
  return { result, deltas, sent: server.requests.at(-1)!.body as unknown };
}

describe('forwarding path: same exchange as the SDK path', () => {
  it('is offered (TextModel.forward) by OpenAI models without a custom fetch, and not with one', () => {
    expect(sdkModel().forward).toBeTypeOf('function');
    const custom = sdkModel({ fetch: (input, init) => fetch(input, init) });
    expect(custom.forward).toBeUndefined();
  });

  for (const stream of [false, true]) {
    const mode = stream ? 'streaming' : 'plain';
    it(`${mode} chat: same body sent, same answer and deltas`, async () => {
      const { sdk, forward } = paths({ maxTokensParam: 'max_tokens' });
      const a = await run(sdk, chat, stream);
      const b = await run(forward, chat, stream);
      expect(b).toEqual(a);
      expect(b.result).toEqual({ text: 'one two three', finishReason: 'length', usage: { promptTokens: 3, completionTokens: 3 } });
      expect(b.sent).toMatchObject({ model: 'gpt-4o-mini', max_tokens: 3, temperature: 0.5, top_p: 0.9, stream });
      if (stream) expect(b.deltas).toEqual(['one', ' two', ' three']);
      expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer test-key', 'Bearer test-key']);
    });

    it(`${mode} completion: same body sent, same answer and deltas`, async () => {
      const { sdk, forward } = paths(baseOverrides);
      const a = await run(sdk, text, stream);
      const b = await run(forward, text, stream);
      expect(b).toEqual(a);
      expect(b.result.text).toBe(' five six seven');
      expect(b.sent).toMatchObject({ model: 'davinci-002', prompt: 'Count: four', stop: ['\n'] });
    });

    it(`${mode}: usage counted locally when the server reports none, the same way`, async () => {
      const bare = await startFakeOpenAIServer({ omitUsage: true });
      try {
        const { sdk, forward } = paths({ baseURL: bare.url });
        const a = await sdk.generate(chat, stream ? { onText: () => {} } : {});
        const b = await forward.generate(chat, stream ? { onText: () => {} } : {});
        expect(b).toEqual(a);
        expect(b.usage.promptTokens).toBeGreaterThan(0);
      } finally {
        await bare.close();
      }
    });

    const faults: [string, FaultInput][] = [
      ['429 with retry-after', { kind: '429', retryAfter: '7' }],
      ['429 with retry-after-ms', { kind: '429', retryAfter: '7', retryAfterMs: '1500' }],
      ['500', '500'],
      ['503 with retry-after', { kind: '503', retryAfter: '2' }],
      ['400', { kind: 'status', status: 400, message: "Invalid 'temperature'" }],
      ['403', { kind: 'status', status: 403 }],
      ['408', { kind: 'status', status: 408 }],
      ['a malformed body', 'malformed'],
      ['a body cut mid-way', { kind: 'drop', phase: 'mid-body' }],
      ...(stream ? [] : [['JSON of the wrong shape', { kind: 'malformed', body: '{"object":"chat.completion","choices":[]}' }] as [string, FaultInput]]),
    ];
    for (const [name, fault] of faults) {
      it(`${mode}: ${name} maps to the same error`, async () => {
        const { sdk, forward } = paths();
        const options = stream ? { onText: () => {} } : {};
        server.faults.queue(fault);
        const a = observed(await failure(sdk.generate(chat, options)));
        server.faults.queue(fault);
        const b = observed(await failure(forward.generate(chat, options)));
        expect(b.class).toBe('ProviderError');
        // undici calls a cut body "terminated", node:http "aborted": the rest is the same.
        if (name === 'a body cut mid-way') {
          expect({ ...b, message: b.message.replace(/: aborted$/, ': terminated') }).toEqual(a);
        } else {
          expect(b).toEqual(a);
        }
      });
    }

    it(`${mode}: no answer within the timeout is the same error`, async () => {
      const { sdk, forward } = paths({ timeoutMs: 300 });
      server.faults.queue('slow');
      const a = observed(await failure(sdk.generate(chat, stream ? { onText: () => {} } : {})));
      // A warm connection first: a timed-out request on a reused socket must not be taken for a stale one and sent again.
      await forward.generate(chat);
      server.faults.queue('slow');
      // The server would answer after slowMs (5 s): only the client's timeout makes these calls fail, and the message says so.
      const b = observed(await failure(forward.generate(chat, stream ? { onText: () => {} } : {})));
      expect(b).toEqual(a);
      expect(b.message).toBe(`provider openai, model gpt-4o-mini: no response within 300 ms from ${server.url}`);
      // Given up is given up: once the server has seen the client hang up, no copy of the request was sent again.
      await waitFor(() => server.stats().inFlight === 0, 'the server to see the client hang up');
      expect(server.stats().byPath['/v1/chat/completions']).toBe(3);
    });
  }

  it('a wrong key and an unknown remote model map to the same errors', async () => {
    const wrongKey = paths({ apiKey: 'sk-wrong-0000000' });
    const a = observed(await failure(wrongKey.sdk.generate(chat)));
    expect(observed(await failure(wrongKey.forward.generate(chat)))).toEqual(a);
    expect(a.message).toBe('the API key for provider openai was rejected; check the environment variable OPENAI_API_KEY');
    const unknown = paths({ remoteModel: 'gpt-9' });
    const b = observed(await failure(unknown.sdk.generate(chat)));
    expect(observed(await failure(unknown.forward.generate(chat)))).toEqual(b);
    expect(b.status).toBe(404);
  });

  it('an unreachable server is a retryable ProviderError that says where', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { sdk, forward } = paths({ baseURL: `http://127.0.0.1:${port}/v1` });
    const a = observed(await failure(sdk.generate(chat)));
    const b = observed(await failure(forward.generate(chat)));
    // undici wraps the socket error in "fetch failed (...)"; the forwarder reports it directly.
    expect({ ...b, message: null }).toEqual({ ...a, message: null });
    expect(b.message).toBe(`provider openai, model gpt-4o-mini: could not reach http://127.0.0.1:${port}/v1: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('a stream that stalls after its headers is the same error', async () => {
    // Headers and the role chunk, then silence with the connection open: no token ever comes.
    const stalling = await startFakeOpenAIServer({ respond: () => 'a b c' });
    stalling.faults.queue({ kind: 'stall', afterTokens: 0 }, 2);
    try {
      const { sdk, forward } = paths({ baseURL: stalling.url, timeoutMs: 200 });
      const a = observed(await failure(sdk.generate(chat, { onText: () => {} })));
      const deltas: string[] = [];
      const b = observed(await failure(forward.generate(chat, { onText: (d) => deltas.push(d) })));
      expect(b).toEqual(a);
      expect(b.message).toBe(`provider openai, model gpt-4o-mini: the response stream from ${stalling.url} stalled for 200 ms`);
      expect(deltas).toEqual([]);
    } finally {
      await stalling.close();
    }
  });

  it('an abort while waiting, or mid-stream, is Cancelled; an aborted signal sends nothing', async () => {
    const { forward } = paths();
    await forward.generate(chat);
    server.resetStats();
    server.faults.queue('slow');
    const controller = new AbortController();
    const call = failure(forward.generate(chat, { signal: controller.signal }));
    // Abort once the server holds the request: the answer would come only after slowMs (5 s).
    await waitFor(() => server.stats().inFlight === 1, 'the server to hold the request');
    controller.abort();
    expect(await call).toBeInstanceOf(Cancelled);
    // Once the server has seen the client hang up, no second copy was sent.
    await waitFor(() => server.stats().inFlight === 0, 'the server to see the client hang up');
    expect(server.stats().requests).toBe(1);

    const slowStream = await startFakeOpenAIServer({ respond: () => 'a b c d e f g h', chunkDelayMs: 50 });
    try {
      const midway = new AbortController();
      const deltas: string[] = [];
      const onText = (delta: string) => {
        deltas.push(delta);
        if (deltas.length === 2) midway.abort();
      };
      const error = await failure(paths({ baseURL: slowStream.url }).forward.generate(chat, { signal: midway.signal, onText }));
      expect(error).toBeInstanceOf(Cancelled);
      expect(deltas).toEqual(['a', ' b']);
    } finally {
      await slowStream.close();
    }

    server.resetStats();
    const done = new AbortController();
    done.abort();
    expect(await failure(forward.generate(chat, { signal: done.signal }))).toBeInstanceOf(Cancelled);
    expect(server.stats().requests).toBe(0);
  });

  it('an error thrown by onText reaches the caller unchanged', async () => {
    const boom = new Error('consumer failed');
    const error = await failure(
      paths().forward.generate(chat, {
        onText: () => {
          throw boom;
        },
      }),
    );
    expect(error).toBe(boom);
  });

  it('a chat prompt for a base model fails the same way on both paths', async () => {
    const { sdk, forward } = paths(baseOverrides);
    const a = (await failure(sdk.generate(chat))) as Error;
    const b = (await failure(forward.generate(chat))) as Error;
    expect(b.constructor).toBe(a.constructor);
    expect(b.message).toBe(a.message);
  });

  it('keeps connections alive between requests', async () => {
    const sockets = new Set<unknown>();
    const backend = await startFakeOpenAIServer();
    const counting = http.createServer((request, response) => {
      sockets.add(request.socket);
      const upstream = http.request(`${backend.url.replace(/\/v1$/, '')}${request.url}`, { method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(response);
      });
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => counting.listen(0, '127.0.0.1', resolve));
    try {
      const { forward } = paths({ baseURL: `http://127.0.0.1:${(counting.address() as AddressInfo).port}/v1` });
      for (let i = 0; i < 5; i++) await forward.generate(chat);
      await forward.generate(chat, { onText: () => {} });
      expect(sockets.size).toBe(1);
    } finally {
      counting.closeAllConnections();
      await new Promise((resolve) => counting.close(resolve));
      await backend.close();
    }
  });
});

describe('forwarding path: what node:http leaves to us', () => {
  /** A one-off backend answering every request with `answer`. */
  async function backendWith(answer: (request: http.IncomingMessage, response: http.ServerResponse) => void) {
    const backend = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => answer(request, response));
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/v1`;
    return { url, close: () => new Promise((resolve) => backend.close(resolve)) };
  }
  const completion = JSON.stringify({
    choices: [{ message: { content: 'zipped' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 2, completion_tokens: 1 },
  });

  it('decompresses an answer a server compressed anyway', async () => {
    const backend = await backendWith((_request, response) => {
      const body = zlib.gzipSync(completion);
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
      response.end(body);
    });
    try {
      expect(await paths({ baseURL: backend.url }).forward.generate(chat)).toEqual({
        text: 'zipped',
        finishReason: 'stop',
        usage: { promptTokens: 2, completionTokens: 1 },
      });
    } finally {
      await backend.close();
    }
  });

  it('follows a redirect by handing the call to the SDK path, which follows it', async () => {
    const seen: string[] = [];
    const backend = await backendWith((request, response) => {
      seen.push(`${request.url} ${request.headers.authorization}`);
      if (request.url!.startsWith('/v1/')) {
        response.writeHead(307, { location: request.url!.replace(/^\/v1/, '/v2') });
        return void response.end();
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(completion);
    });
    try {
      const { sdk, forward } = paths({ baseURL: backend.url });
      const expected = await sdk.generate(chat);
      expect(await forward.generate(chat)).toEqual(expected);
      expect(expected.text).toBe('zipped');
      const hop = ['/v1/chat/completions Bearer test-key', '/v2/chat/completions Bearer test-key'];
      // The forwarder's own request, then the SDK path's two.
      expect(seen).toEqual([...hop, hop[0], ...hop]);
    } finally {
      await backend.close();
    }
  });

  it('reads server-sent events split at any byte, with CRLF line ends and comments, and an error event as the SDK does', async () => {
    const chunk = (content: string, finish: string | null) => JSON.stringify({ choices: [{ delta: { content }, finish_reason: finish }] });
    const events = `: keep-alive\r\n\r\ndata: ${chunk('é', null)}\r\n\r\ndata: ${chunk('😀', 'stop')}\r\n\r\ndata: [DONE]\r\n\r\n`;
    const bytes = Buffer.from(events, 'utf8');
    const backend = await backendWith((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // One byte at a time: multi-byte characters and \r\n pairs are split across reads.
      let at = 0;
      const next = () => (at < bytes.length ? response.write(bytes.subarray(at, ++at), () => setImmediate(next)) : response.end());
      next();
    });
    try {
      const deltas: string[] = [];
      const result = await paths({ baseURL: backend.url }).forward.generate(chat, { onText: (d) => deltas.push(d) });
      expect(deltas).toEqual(['é', '😀']);
      expect(result).toMatchObject({ text: 'é😀', finishReason: 'stop' });
    } finally {
      await backend.close();
    }

    const failing = await backendWith((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`data: ${chunk('a', null)}\n\ndata: {"error":{"message":"overloaded mid-way"}}\n\n`);
    });
    try {
      const { sdk, forward } = paths({ baseURL: failing.url });
      const a = observed(await failure(sdk.generate(chat, { onText: () => {} })));
      const b = observed(await failure(forward.generate(chat, { onText: () => {} })));
      expect(b).toEqual(a);
      expect(b.message).toBe('provider openai, model gpt-4o-mini: the server reported an error while streaming: overloaded mid-way');
    } finally {
      await failing.close();
    }
  });
});
