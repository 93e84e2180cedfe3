// The real `openai` SDK pointed at the gateway on 127.0.0.1 with a student's personal token, served
// by local generated models (transformers.js, offline): a chat completion, streamed completions, the
// Responses API (whole and streamed), 401 for a wrong token, 429 with a clear message (and no SDK
// retries) for a spent budget.
import http from 'node:http';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { prepareTinyModels } from '../support/tiny-models.js';

let sandbox: TestSandbox;
let server: http.Server;
let baseURL: string;
let student: Person;

beforeAll(async () => {
  const tiny = await prepareTinyModels();
  sandbox = await createTestSandbox({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'unused', models: tiny.registry(), quotas: { tokenBudget: 400 } });
  student = sandbox.student('Nora Notebook');
  server = await new Promise((resolve) => {
    const listening = http.createServer(sandbox.listener).listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address() as { port: number };
  baseURL = `http://127.0.0.1:${address.port}/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await sandbox.stop();
});

const client = (apiKey: string) => new OpenAI({ baseURL, apiKey, maxRetries: 2 });

describe('the gateway through the openai SDK', () => {
  it('lists the text models', async () => {
    const models = await client(student.token).models.list();
    const ids = models.data.map((m) => m.id);
    expect(ids).toContain('gpt2');
    expect(ids).toContain('qwen1.5-0.5b-chat');
    expect(ids).not.toContain('clip-vit-base-patch32');
  });

  it('answers a chat completion from a local chat model', async () => {
    const completion = await client(student.token).chat.completions.create({
      model: 'qwen1.5-0.5b-chat',
      messages: [{ role: 'user', content: 'abc' }],
      max_tokens: 4,
      temperature: 0,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.role).toBe('assistant');
    expect(completion.choices[0]!.message.content!.length).toBeGreaterThan(0);
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
  });

  it('streams a completion from a local base model (the byte-successor model continues "abc" with "defg")', async () => {
    const stream = await client(student.token).completions.create({
      model: 'gpt2',
      prompt: 'abc',
      max_tokens: 4,
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
    expect(pieces.filter(Boolean).length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('defg');
    expect(finish).toBe('length');
    expect(usage?.completion_tokens).toBe(4);
  });

  it('streams a chat completion', async () => {
    const stream = await client(student.token).chat.completions.create({
      model: 'qwen1.5-0.5b-chat',
      messages: [{ role: 'user', content: 'hij' }],
      max_tokens: 3,
      temperature: 0,
      stream: true,
    });
    let text = '';
    let role: string | undefined;
    for await (const chunk of stream) {
      role ??= chunk.choices[0]?.delta.role;
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(role).toBe('assistant');
    expect(text.length).toBeGreaterThan(0);
  });

  it('answers the Responses API from a local chat model, whole and streamed', async () => {
    const response = await client(student.token).responses.create({ model: 'qwen1.5-0.5b-chat', input: 'abc', max_output_tokens: 4, temperature: 0 });
    expect(response.status).toBe('incomplete');
    expect(response.output_text.length).toBeGreaterThan(0);
    expect(response.usage!.output_tokens).toBe(4);
    const final = await client(student.token)
      .responses.stream({ model: 'qwen1.5-0.5b-chat', input: 'abc', max_output_tokens: 4, temperature: 0 })
      .finalResponse();
    expect(final.output_text).toBe(response.output_text);
    expect(final.usage!.output_tokens).toBe(4);
    // Streamed, the cut answer ends with response.incomplete too.
    expect(final.status).toBe('incomplete');
    expect(final.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });

  it('retrieves a text model, and answers 404 for an image-text model (the gateway does not serve it)', async () => {
    expect((await client(student.token).models.retrieve('gpt2')).id).toBe('gpt2');
    const error = await client(student.token)
      .models.retrieve('clip-vit-base-patch32')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });

  it('refuses a wrong token with 401', async () => {
    const error = await client('fms_wrong-token-wrong-token-wrong-token')
      .chat.completions.create({ model: 'qwen1.5-0.5b-chat', messages: [{ role: 'user', content: 'a' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).status).toBe(401);
    expect((error as Error).message).toMatch(/Incorrect API key provided/);
  });

  it('answers 429 with a clear message once the budget is spent, and the SDK does not retry', async () => {
    sandbox.db.prepare("UPDATE usage_counters SET tokens_used = 400 WHERE user_id = ? AND scope = 'unassigned'").run(student.user.id);
    const before = sandbox.logs.length;
    const error = await client(student.token)
      .completions.create({ model: 'gpt2', prompt: 'abc', max_tokens: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as Error).message).toMatch(/Sandbox budget exhausted: your token budget for unassigned is used up \(400 of 400 tokens\)/);
    const attempts = sandbox.logs.slice(before).filter((line) => line.includes('"path":"/v1/completions"'));
    expect(attempts).toHaveLength(1);
  });
});
