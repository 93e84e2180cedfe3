// The fake must speak OpenAI's wire protocol exactly, or provider tests prove nothing: check its
// raw HTTP (SSE framing, error shape, logprob layout) and its fault machinery without the SDK.
import { afterEach, describe, expect, it } from 'vitest';
import { fakeTokenize, startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';

const servers: FakeOpenAIServer[] = [];
async function start(options: Parameters<typeof startFakeOpenAIServer>[0] = {}) {
  const server = await startFakeOpenAIServer(options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function post(server: FakeOpenAIServer, path: string, body: unknown, key = server.apiKey) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
}

describe('fake OpenAI server', () => {
  it('tokenizes on whitespace, keeping leading whitespace like BPE', () => {
    expect(fakeTokenize('The cat\n sat ')).toEqual(['The', ' cat', '\n sat', ' ']);
    expect(fakeTokenize('')).toEqual([]);
  });

  it('frames chat streams as SSE data lines ending with [DONE]', async () => {
    const server = await start({ respond: () => 'one two three' });
    const res = await post(server, '/chat/completions', {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const raw = await res.text();
    expect(raw.endsWith('\n\ndata: [DONE]\n\n')).toBe(true);
    const events = raw.split('\n\n').filter(Boolean);
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice('data: '.length)));
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const deltas = chunks.flatMap((c) => c.choices.map((ch: any) => ch.delta.content)).filter((d) => d);
    expect(deltas).toEqual(['one', ' two', ' three']);
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish.choices[0].finish_reason).toBe('stop');
    const last = chunks.at(-1);
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual({ prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 });
  });

  it('echoes prompt logprobs for legacy completions, the first token without one', async () => {
    const server = await start({ respond: () => ' b' });
    const res = await post(server, '/completions', {
      model: 'davinci-002',
      prompt: 'a b',
      echo: true,
      max_tokens: 0,
      logprobs: 1,
    });
    const body = (await res.json()) as any;
    expect(body.object).toBe('text_completion');
    expect(body.choices[0].text).toBe('a b');
    expect(body.choices[0].logprobs).toEqual({
      tokens: ['a', ' b'],
      token_logprobs: [null, -0.1],
      top_logprobs: [null, { ' b': -0.1 }],
      text_offset: [0, 1],
    });
    expect(body.usage).toEqual({ prompt_tokens: 2, completion_tokens: 0, total_tokens: 2 });
  });

  it('answers auth failures, unknown models and unknown routes in OpenAI error JSON', async () => {
    const server = await start();
    const noKey = await fetch(`${server.url}/models`);
    expect(noKey.status).toBe(401);
    expect(Object.keys(((await noKey.json()) as any).error).sort()).toEqual(['code', 'message', 'param', 'type']);

    const wrong = await post(server, '/chat/completions', { model: 'gpt-4o-mini', messages: [] }, 'sk-wrong-key-0000');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as any).error.code).toBe('invalid_api_key');

    const unknown = await post(server, '/chat/completions', {
      model: 'gpt-9',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error).toEqual({
      message: 'The model `gpt-9` does not exist or you do not have access to it.',
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    });

    const route = await post(server, '/embeddings', {});
    expect(route.status).toBe(404);

    const models = await fetch(`${server.url}/models`, { headers: { authorization: 'Bearer test-key' } });
    expect(((await models.json()) as any).data.map((m: any) => m.id)).toEqual(['gpt-4o-mini', 'gpt-4.1-mini', 'davinci-002', 'babbage-002']);
    expect(server.stats().byPath).toEqual({ '/v1/models': 2, '/v1/chat/completions': 2, '/v1/embeddings': 1 });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      undefined,
      'Bearer sk-wrong-key-0000',
      'Bearer test-key',
      'Bearer test-key',
      'Bearer test-key',
    ]);
  });

  it('uses queued faults in order, then answers normally', async () => {
    const server = await start();
    server.faults.queue({ kind: '429', retryAfter: '3' });
    server.faults.queue('500', 2);
    expect(server.faults.pending()).toBe(3);
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
    const first = await post(server, '/chat/completions', body);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await post(server, '/chat/completions', body)).status).toBe(500);
    expect((await post(server, '/chat/completions', body)).status).toBe(500);
    expect((await post(server, '/chat/completions', body)).status).toBe(200);
    expect(server.faults.injected()).toEqual({ '429': 1, '500': 2 });
    expect(server.stats()).toMatchObject({
      requests: 4,
      faultsInjected: 3,
      byStatus: { '200': 1, '429': 1, '500': 2 },
    });
    expect(server.requests.map((r) => r.fault)).toEqual(['429', '500', '500', null]);
  });

  it('injects random faults reproducibly from a seed', async () => {
    const run = async () => {
      const server = await start();
      server.faults.random({ rate: 0.3, kinds: ['429', '500', '503'], seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 100; i++) {
        const res = await post(server, '/completions', { model: 'davinci-002', prompt: 'x' });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
      return { statuses, injected: server.stats().faultsInjected };
    };
    const a = await run();
    const b = await run();
    expect(a.statuses).toEqual(b.statuses);
    expect(a.injected).toBe(a.statuses.filter((s) => s !== 200).length);
    expect(a.injected).toBeGreaterThan(15);
    expect(a.injected).toBeLessThan(45);
  });

  it('waits latencyMs before answering', async () => {
    const server = await start({ latencyMs: 150 });
    const began = Date.now();
    const res = await post(server, '/completions', { model: 'davinci-002', prompt: 'x' });
    await res.json();
    expect(Date.now() - began).toBeGreaterThanOrEqual(140);
  });
});
