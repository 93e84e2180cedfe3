// Attack: take model output without paying for it. An answer the upstream cuts after a few tokens,
// one that stalls until the sandbox's timeout, and a client that hangs up after the last piece of
// text but before the final usage chunk were all charged 0 tokens and 0 requests. Here each one is
// played over real HTTP on 127.0.0.1 (the playground's event stream, and the /v1 gateway through
// the real `openai` SDK: chat, legacy completions and the Responses API), and the ledger must hold what was delivered: the upstream's reported
// usage when it came, else the prompt's tokens plus the tokens of the text actually received
// (counted with the model's own tokenizer, as this test recounts them), and one request per
// upstream call.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RenderedPrompt } from '../../server/core/model.js';
import { createTokenCounter, encodingForModel } from '../../server/models/openai/tokenizer.js';
import { countPromptTokens } from '../../server/prompts/count-prompt-tokens.js';
import { fakeTokenize, startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, parseSse, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram } from '../../testkit/sentiment-fixture.js';

const CHAT_ANSWER = 'positive because the reviewer loved every part';
const TEXT_ANSWER = ` ${CHAT_ANSWER}`;
/** Short, so that a stalled answer fails fast; the tests never assert on durations. */
const TIMEOUT_MS = 400;
/** The playground's default retry policy: every attempt of a call that keeps failing. */
const PLAYGROUND_ATTEMPTS = 6;

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let server: http.Server;
let origin: string;
/** The same models with the default 5 s timeout: for the one test where the upstream must win the race. */
let patient: { sandbox: TestSandbox; server: http.Server; origin: string };

function listen(on: TestSandbox): Promise<{ server: http.Server; origin: string }> {
  return new Promise((resolve) => {
    const listening = http
      .createServer(on.listener)
      .listen(0, '127.0.0.1', () => resolve({ server: listening, origin: `http://127.0.0.1:${(listening.address() as AddressInfo).port}` }));
  });
}

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ respond: (r) => (r.endpoint === 'chat' ? CHAT_ANSWER : TEXT_ANSWER) });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: fake.apiKey, timeoutMs: TIMEOUT_MS });
  ({ server, origin } = await listen(sandbox));
  const patientSandbox = await createTestSandbox({ baseURL: fake.url, apiKey: fake.apiKey });
  patient = { sandbox: patientSandbox, ...(await listen(patientSandbox)) };
});
afterAll(async () => {
  for (const running of [server, patient.server]) {
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  }
  await sandbox.stop();
  await patient.sandbox.stop();
  await fake.close();
});
beforeEach(() => {
  fake.faults.clear();
  fake.resetStats();
});

/** The model's own tokenizer (the fake server's model names are OpenAI's, so the encodings are known). */
const tokenizer = (model: string) => createTokenCounter(encodingForModel(model).encoding);

type Row = { ok: number; charged: number; prompt_tokens: number; completion_tokens: number; source: string };
const rowsOf = (person: Person, on = sandbox): Row[] =>
  on.db.prepare('SELECT ok, charged, prompt_tokens, completion_tokens, source FROM model_calls WHERE user_id = ? ORDER BY id').all(person.user.id) as Row[];
const usageOf = (person: Person, on = sandbox) => on.services.ledger.usage(person.user.id, 'unassigned');

/** What an attempt that failed after delivering `text` must cost: prompt + delivered completion tokens. */
function partial(model: string, prompt: RenderedPrompt, text: string, maxTokens: number) {
  const count = tokenizer(model);
  return { prompt_tokens: countPromptTokens(prompt, count), completion_tokens: Math.min(maxTokens, count(text)) };
}

/** Ledger and usage log agree, nothing is left reserved, and every upstream call is one charged request. */
async function expectLedgerMatchesRows(person: Person, on = sandbox) {
  const rows = rowsOf(person, on);
  const usage = await usageOf(person, on);
  expect(usage.tokensUsed).toBe(rows.reduce((n, r) => n + r.prompt_tokens + r.completion_tokens, 0));
  expect(usage.requestsUsed).toBe(rows.length);
  expect(rows.length).toBe(fake.stats().requests);
}

// ------------------------------------------------------------------------------------------------
// The playground: POST /api/run streams the model's text as `delta` events.

const program = { ...chatProgram, decoding: { temperature: 0, maxTokens: 12 } };
const runBody = { taskId: 'sentiment', program, case: { caseId: 'dev-001' } };

async function renderedPrompt(person: Person): Promise<RenderedPrompt> {
  const response = await fetch(`${origin}/api/render`, {
    method: 'POST',
    headers: { ...person.auth, 'content-type': 'application/json' },
    body: JSON.stringify(runBody),
  });
  const body = (await response.json()) as { prompt: RenderedPrompt };
  return body.prompt;
}

/** POST /api/run; `until` (given the text so far) hangs up as soon as it returns true. */
function playgroundRun(person: Person, until?: (text: string) => boolean): Promise<{ text: string; events: { event: string; data: any }[]; hungUp: boolean }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(runBody);
    const request = http.request(`${origin}/api/run`, {
      method: 'POST',
      headers: { ...person.auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      let raw = '';
      let hungUp = false;
      const text = () =>
        parseSse(raw.slice(0, raw.lastIndexOf('\n\n') + 2))
          .filter((e) => e.event === 'delta')
          .map((e) => e.data.text as string)
          .join('');
      response.setEncoding('utf8');
      response.on('data', (piece: string) => {
        raw += piece;
        if (until && !hungUp && until(text())) {
          hungUp = true;
          request.destroy();
          resolve({ text: text(), events: parseSse(raw.slice(0, raw.lastIndexOf('\n\n') + 2)), hungUp });
        }
      });
      response.on('end', () => resolve({ text: text(), events: parseSse(raw), hungUp }));
      response.on('error', () => undefined);
    });
    request.end(payload);
  });
}

describe('playground (POST /api/run, streamed)', () => {
  it('an answer the upstream cuts after 3 tokens is charged for every attempt: prompt + the 3 tokens delivered, one request each', async () => {
    const student = sandbox.student('Cut Playground');
    const prompt = await renderedPrompt(student);
    fake.faults.queue({ kind: 'drop', afterTokens: 3 }, PLAYGROUND_ATTEMPTS);
    const run = await playgroundRun(student);
    const delivered = fakeTokenize(CHAT_ANSWER).slice(0, 3).join('');
    // Each attempt streamed its 3 tokens to the student before the cut.
    expect(run.text).toBe(delivered.repeat(PLAYGROUND_ATTEMPTS));
    expect(run.events.at(-1)!.event).toBe('error');
    const expected = { ok: 0, charged: 1, ...partial('gpt-4o-mini', prompt, delivered, 12), source: 'run' };
    expect(rowsOf(student)).toEqual(Array.from({ length: PLAYGROUND_ATTEMPTS }, () => expected));
    await expectLedgerMatchesRows(student);
  });

  it('an answer that stalls after 2 tokens until the timeout is charged for what was delivered, one request per attempt', async () => {
    const student = sandbox.student('Stalled Playground');
    const prompt = await renderedPrompt(student);
    fake.faults.queue({ kind: 'stall', afterTokens: 2 }, PLAYGROUND_ATTEMPTS);
    const run = await playgroundRun(student);
    const delivered = fakeTokenize(CHAT_ANSWER).slice(0, 2).join('');
    expect(run.text).toBe(delivered.repeat(PLAYGROUND_ATTEMPTS));
    expect(run.events.at(-1)).toMatchObject({ event: 'error', data: { code: 'provider_error' } });
    const expected = { ok: 0, charged: 1, ...partial('gpt-4o-mini', prompt, delivered, 12), source: 'run' };
    expect(rowsOf(student)).toEqual(Array.from({ length: PLAYGROUND_ATTEMPTS }, () => expected));
    await expectLedgerMatchesRows(student);
  });

  it('a client that hangs up after the whole text, before the usage chunk, is charged the whole answer and one request', async () => {
    const student = sandbox.student('Leaving Playground');
    const prompt = await renderedPrompt(student);
    fake.faults.queue({ kind: 'stall' });
    const run = await playgroundRun(student, (text) => text === CHAT_ANSWER);
    expect(run).toMatchObject({ text: CHAT_ANSWER, hungUp: true });
    await vi.waitFor(() => expect(rowsOf(student)).toHaveLength(1), { timeout: 5_000 });
    expect(rowsOf(student)).toEqual([{ ok: 0, charged: 1, ...partial('gpt-4o-mini', prompt, CHAT_ANSWER, 12), source: 'run' }]);
    await expectLedgerMatchesRows(student);
  });
});

// ------------------------------------------------------------------------------------------------
// The /v1 gateway through the real openai SDK: chat and legacy completions, streamed and not.

const client = (person: Person, at = origin) => new OpenAI({ baseURL: `${at}/v1`, apiKey: person.token, maxRetries: 0, timeout: 10_000 });
const MAX_TOKENS = 12;

type Kind = { name: string; model: string; answer: string; prompt: RenderedPrompt };
const kinds: Kind[] = [
  {
    name: 'chat',
    model: 'gpt-4o-mini',
    answer: CHAT_ANSWER,
    prompt: { style: 'chat', messages: [{ role: 'user', content: 'Review: the best soup in town' }] },
  },
  { name: 'completions', model: 'davinci-002', answer: TEXT_ANSWER, prompt: { style: 'completion', text: 'Review: the best soup in town\nSentiment:' } },
];

/** Streams through the SDK, collecting the text; `until` aborts the stream (the SDK hangs up). */
async function gatewayStream(person: Person, kind: Kind, until?: (text: string) => boolean): Promise<{ text: string; error: unknown }> {
  const sdk = client(person);
  let text = '';
  try {
    const stream =
      kind.prompt.style === 'chat'
        ? await sdk.chat.completions.create({
            model: kind.model,
            messages: kind.prompt.messages,
            max_tokens: MAX_TOKENS,
            stream: true,
            stream_options: { include_usage: true },
          })
        : await sdk.completions.create({
            model: kind.model,
            prompt: kind.prompt.text,
            max_tokens: MAX_TOKENS,
            stream: true,
            stream_options: { include_usage: true },
          });
    for await (const chunk of stream) {
      const choice = chunk.choices[0] as { delta?: { content?: string | null }; text?: string } | undefined;
      text += choice?.delta?.content ?? choice?.text ?? '';
      if (until?.(text)) {
        stream.controller.abort();
        break;
      }
    }
    return { text, error: null };
  } catch (error) {
    return { text, error };
  }
}

function gatewayWhole(person: Person, kind: Kind, signal?: AbortSignal, at = origin): Promise<unknown> {
  const sdk = client(person, at);
  const call =
    kind.prompt.style === 'chat'
      ? sdk.chat.completions.create({ model: kind.model, messages: kind.prompt.messages, max_tokens: MAX_TOKENS }, { signal })
      : sdk.completions.create({ model: kind.model, prompt: kind.prompt.text, max_tokens: MAX_TOKENS }, { signal });
  return call.catch((error: unknown) => error);
}

describe.each(kinds)('gateway $name', (kind) => {
  it('streamed: an answer the upstream cuts after 3 tokens is charged prompt + the 3 tokens the client got, and one request', async () => {
    const student = sandbox.student(`Cut ${kind.name}`);
    fake.faults.queue({ kind: 'drop', afterTokens: 3 });
    const { text, error } = await gatewayStream(student, kind);
    expect(text).toBe(fakeTokenize(kind.answer).slice(0, 3).join(''));
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(rowsOf(student)).toEqual([{ ok: 0, charged: 1, ...partial(kind.model, kind.prompt, text, MAX_TOKENS), source: 'gateway' }]);
    await expectLedgerMatchesRows(student);
  });

  it('streamed: an answer stalled after 2 tokens until the timeout is charged prompt + the 2 tokens, and one request', async () => {
    const student = sandbox.student(`Stalled ${kind.name}`);
    fake.faults.queue({ kind: 'stall', afterTokens: 2 });
    const { text, error } = await gatewayStream(student, kind);
    expect(text).toBe(fakeTokenize(kind.answer).slice(0, 2).join(''));
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(rowsOf(student)).toEqual([{ ok: 0, charged: 1, ...partial(kind.model, kind.prompt, text, MAX_TOKENS), source: 'gateway' }]);
    await expectLedgerMatchesRows(student);
  });

  it('streamed: a client that hangs up after the last text chunk, before the usage chunk, is charged the whole answer and one request', async () => {
    const student = sandbox.student(`Leaving ${kind.name}`);
    fake.faults.queue({ kind: 'stall' });
    const { text, error } = await gatewayStream(student, kind, (so) => so === kind.answer);
    expect({ text, error }).toEqual({ text: kind.answer, error: null });
    await vi.waitFor(() => expect(rowsOf(student)).toHaveLength(1), { timeout: 5_000 });
    expect(rowsOf(student)).toEqual([{ ok: 0, charged: 1, ...partial(kind.model, kind.prompt, kind.answer, MAX_TOKENS), source: 'gateway' }]);
    await expectLedgerMatchesRows(student);
  });

  it('whole answer: a body the upstream cuts half-way is charged the prompt (the provider had started) and one request', async () => {
    const student = sandbox.student(`Cut whole ${kind.name}`);
    fake.faults.queue({ kind: 'drop', phase: 'mid-body' });
    const error = await gatewayWhole(student, kind);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(rowsOf(student)).toEqual([{ ok: 0, charged: 1, ...partial(kind.model, kind.prompt, '', MAX_TOKENS), source: 'gateway' }]);
    await expectLedgerMatchesRows(student);
  });

  it('whole answer: a body stalled half-way until the timeout is charged the prompt and one request', async () => {
    const student = sandbox.student(`Stalled whole ${kind.name}`);
    fake.faults.queue({ kind: 'stall' });
    const error = await gatewayWhole(student, kind);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(rowsOf(student)).toEqual([{ ok: 0, charged: 1, ...partial(kind.model, kind.prompt, '', MAX_TOKENS), source: 'gateway' }]);
    await expectLedgerMatchesRows(student);
  });

  it('whole answer: a client that hangs up while the upstream works is charged the usage the upstream reports, and one request', async () => {
    const student = patient.sandbox.student(`Leaving whole ${kind.name}`);
    // Slower than the client's patience, well within the sandbox's timeout.
    fake.faults.queue({ kind: 'slow', ms: 300 });
    const controller = new AbortController();
    const pending = gatewayWhole(student, kind, controller.signal, patient.origin);
    await vi.waitFor(() => expect(fake.stats().requests).toBe(1), { timeout: 5_000, interval: 5 });
    controller.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    await vi.waitFor(() => expect(rowsOf(student, patient.sandbox)).toHaveLength(1), { timeout: 5_000 });
    const upstream = fake.requests[0]!;
    expect(upstream.status).toBe(200);
    const promptTokens = fakeTokenize(kind.prompt.style === 'chat' ? kind.prompt.messages[0]!.content : kind.prompt.text).length;
    const completionTokens = Math.min(MAX_TOKENS, fakeTokenize(kind.answer).length);
    expect(rowsOf(student, patient.sandbox)).toEqual([
      { ok: 1, charged: 1, prompt_tokens: promptTokens, completion_tokens: completionTokens, source: 'gateway' },
    ]);
    await expectLedgerMatchesRows(student, patient.sandbox);
  });
});

// ------------------------------------------------------------------------------------------------
// The Responses API (/v1/responses) through the real openai SDK: the same chat call upstream, so the
// same rule; a failure after the stream opened arrives as `error` and `response.failed` events.

const responsesPrompt: RenderedPrompt = { style: 'chat', messages: [{ role: 'user', content: 'Review: the best soup in town' }] };

/** Streams a response through the SDK, collecting the text and the failure event; `until` hangs up. */
async function responsesStream(person: Person, until?: (text: string) => boolean): Promise<{ text: string; failed: boolean; error: unknown }> {
  let text = '';
  let failed = false;
  try {
    const stream = await client(person).responses.create({
      model: 'gpt-4o-mini',
      input: responsesPrompt.style === 'chat' ? responsesPrompt.messages : [],
      max_output_tokens: MAX_TOKENS,
      stream: true,
    });
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.failed') failed = true;
      if (until?.(text)) {
        stream.controller.abort();
        break;
      }
    }
    return { text, failed, error: null };
  } catch (error) {
    return { text, failed, error };
  }
}

describe('gateway responses', () => {
  it('streamed: an answer the upstream cuts after 3 tokens is charged prompt + the 3 tokens the client got, and one request', async () => {
    const student = sandbox.student('Cut responses');
    fake.faults.queue({ kind: 'drop', afterTokens: 3 });
    const { text, failed, error } = await responsesStream(student);
    expect({ text, failed, error }).toEqual({ text: fakeTokenize(CHAT_ANSWER).slice(0, 3).join(''), failed: true, error: null });
    expect(rowsOf(student)).toEqual([{ ok: 0, charged: 1, ...partial('gpt-4o-mini', responsesPrompt, text, MAX_TOKENS), source: 'gateway' }]);
    await expectLedgerMatchesRows(student);
  });

  it('streamed: an answer stalled after 2 tokens until the timeout is charged prompt + the 2 tokens, and one request', async () => {
    const student = sandbox.student('Stalled responses');
    fake.faults.queue({ kind: 'stall', afterTokens: 2 });
    const { text, failed } = await responsesStream(student);
    expect({ text, failed }).toEqual({ text: fakeTokenize(CHAT_ANSWER).slice(0, 2).join(''), failed: true });
    expect(rowsOf(student)).toEqual([{ ok: 0, charged: 1, ...partial('gpt-4o-mini', responsesPrompt, text, MAX_TOKENS), source: 'gateway' }]);
    await expectLedgerMatchesRows(student);
  });

  it('streamed: a client that hangs up after the last text event, before response.completed, is charged the whole answer and one request', async () => {
    const student = sandbox.student('Leaving responses');
    fake.faults.queue({ kind: 'stall' });
    const { text, failed, error } = await responsesStream(student, (so) => so === CHAT_ANSWER);
    expect({ text, failed, error }).toEqual({ text: CHAT_ANSWER, failed: false, error: null });
    await vi.waitFor(() => expect(rowsOf(student)).toHaveLength(1), { timeout: 5_000 });
    expect(rowsOf(student)).toEqual([{ ok: 0, charged: 1, ...partial('gpt-4o-mini', responsesPrompt, CHAT_ANSWER, MAX_TOKENS), source: 'gateway' }]);
    await expectLedgerMatchesRows(student);
  });

  it('whole answer: a body the upstream cuts half-way is a 502 charged the prompt and one request', async () => {
    const student = sandbox.student('Cut whole responses');
    fake.faults.queue({ kind: 'drop', phase: 'mid-body' });
    const error = await client(student)
      .responses.create({ model: 'gpt-4o-mini', input: 'Review: the best soup in town', max_output_tokens: MAX_TOKENS })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect(rowsOf(student)).toEqual([{ ok: 0, charged: 1, ...partial('gpt-4o-mini', responsesPrompt, '', MAX_TOKENS), source: 'gateway' }]);
    await expectLedgerMatchesRows(student);
  });
});
