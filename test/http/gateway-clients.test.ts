// The gateway with the clients students use besides the openai SDK, configured as the README's
// "Use the sandbox from code" shows: the Vercel AI SDK with its default OpenAI provider (which
// calls the Responses API) and LangChain's ChatOpenAI (chat completions), whole and streamed,
// over HTTP against the sandbox on 127.0.0.1 with the fake OpenAI-compatible server behind it.
// Each call must reach the usage log and the student's budget as what was delivered.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAI } from '@ai-sdk/openai';
import { ChatOpenAI } from '@langchain/openai';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';

const ANSWER = 'positive, clearly';

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let server: http.Server;
let baseURL: string;
let student: Person;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ respond: () => ANSWER });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: fake.apiKey, quotas: { tokenBudget: 10_000 }, gatewayMaxTokens: 64 });
  student = sandbox.student('Vera Vercel');
  server = await new Promise<http.Server>((resolve) => {
    const listening = http.createServer(sandbox.listener).listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await sandbox.stop();
  await fake.close();
});
beforeEach(() => fake.resetStats());

type Row = { ok: number; prompt_tokens: number; completion_tokens: number; source: string };
const calls = () =>
  sandbox.db.prepare('SELECT ok, prompt_tokens, completion_tokens, source FROM model_calls WHERE user_id = ? ORDER BY id').all(student.user.id) as Row[];
const spent = () =>
  (
    sandbox.db.prepare('SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0) AS n FROM model_calls WHERE user_id = ?').get(student.user.id) as {
      n: number;
    }
  ).n;

describe('the Vercel AI SDK, default provider (the Responses API)', () => {
  const paths: string[] = [];
  const openai = () =>
    createOpenAI({
      baseURL,
      apiKey: student.token,
      // Seen on the way out: the default provider must be calling the Responses API.
      fetch: (url, init) => {
        paths.push(new URL(String(url)).pathname);
        return fetch(url, init);
      },
    });

  it('generateText answers, with usage, and the call is logged and charged', async () => {
    const before = { rows: calls().length, spent: spent() };
    const result = await generateText({ model: openai()('gpt-4o-mini'), prompt: 'Review: great. Sentiment?', maxRetries: 0 });
    expect(result.text).toBe(ANSWER);
    expect(result.usage.outputTokens).toBe(2);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(paths.at(-1)).toBe('/v1/responses');
    expect(fake.requests.at(-1)?.path).toBe('/v1/chat/completions');
    const rows = calls().slice(before.rows);
    expect(rows).toEqual([{ ok: 1, prompt_tokens: result.usage.inputTokens, completion_tokens: 2, source: 'gateway' }]);
    expect(spent() - before.spent).toBe(result.usage.totalTokens);
  });

  it('streamText streams the answer and reports usage at the end', async () => {
    const result = streamText({ model: openai()('gpt-4o-mini'), prompt: 'Review: great. Sentiment?', maxRetries: 0 });
    const parts: string[] = [];
    for await (const delta of result.textStream) parts.push(delta);
    expect(parts.join('')).toBe(ANSWER);
    expect(parts.length).toBeGreaterThan(1);
    const usage = await result.usage;
    expect(usage.outputTokens).toBe(2);
    expect(paths.at(-1)).toBe('/v1/responses');
    expect(calls().at(-1)).toMatchObject({ ok: 1, completion_tokens: 2, source: 'gateway' });
  });

  it('a wrong token is an API error the SDK raises, not an answer', async () => {
    const wrong = createOpenAI({ baseURL, apiKey: 'fms_wrong' });
    await expect(generateText({ model: wrong('gpt-4o-mini'), prompt: 'hi', maxRetries: 0 })).rejects.toMatchObject({ statusCode: 401 });
  });
});

describe('LangChain ChatOpenAI (chat completions)', () => {
  const chat = () => new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: student.token, maxRetries: 0, configuration: { baseURL } });

  it('invoke answers and the call is logged', async () => {
    const before = calls().length;
    const message = await chat().invoke('Review: great. Sentiment?');
    expect(message.content).toBe(ANSWER);
    expect(message.usage_metadata?.output_tokens).toBe(2);
    expect(calls().slice(before)).toEqual([{ ok: 1, prompt_tokens: message.usage_metadata!.input_tokens, completion_tokens: 2, source: 'gateway' }]);
  });

  it('stream yields the answer in chunks', async () => {
    const chunks: string[] = [];
    for await (const chunk of await chat().stream('Review: great. Sentiment?')) chunks.push(String(chunk.content));
    expect(chunks.join('')).toBe(ANSWER);
    expect(chunks.filter(Boolean).length).toBeGreaterThan(1);
  });
});
