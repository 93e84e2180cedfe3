// A deterministic OpenAI-compatible HTTP server for tests and benchmarks. The paid OpenAI service
// cannot be reached from here, so this speaks the real wire protocol (JSON bodies, OpenAI's error
// shape, SSE framing with `data: [DONE]`) closely enough that the real `openai` SDK talks to it
// unchanged. Everything it answers is a pure function of the request, so tests can assert exact
// text, usage and logprobs; faults are injected on purpose (queued or seeded-random).
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

// ---------------------------------------------------------------------------------------------
// Public types

export type FakeChatMessage = { role: string; content: string };

/** What `respond` and `logprob` see: one completion prompt or the chat messages. */
export type FakeModelRequest = {
  endpoint: 'chat' | 'completions';
  model: string;
  /** Completions: the prompt text. */
  prompt?: string;
  /** Chat: the messages, content flattened to text. */
  messages?: FakeChatMessage[];
};

/**
 * Where a token sits. Completions: `prompt` is all text before the token (prompt plus any
 * generated text) and `generated` is ''. Chat: `messages` plus the assistant text so far.
 */
export type FakeLogprobContext = FakeModelRequest & { generated: string };

export type FaultKind = '429' | '500' | '503' | 'status' | 'slow' | 'drop' | 'stall' | 'malformed';

export type FaultSpec =
  /** Rate limit. `retryAfter` is the raw `retry-after` header (default '1'; null omits it). */
  | { kind: '429'; retryAfter?: string | null; retryAfterMs?: string }
  | { kind: '500' }
  | { kind: '503'; retryAfter?: string | null }
  /** Any status with OpenAI's error body, e.g. 408, 409, 400, 403. */
  | { kind: 'status'; status: number; message?: string; headers?: Record<string, string> }
  /** Waits `ms` (default: the server's `slowMs`) before answering normally: past a client timeout. */
  | { kind: 'slow'; ms?: number }
  /**
   * Destroys the socket. 'before-response' (default): nothing is sent. 'mid-body': headers and part
   * of the body (or the first stream chunks) are sent first; `afterTokens` (streams) says exactly
   * how many content tokens the client gets before the cut (and implies mid-body).
   */
  | { kind: 'drop'; phase?: 'before-response' | 'mid-body'; afterTokens?: number }
  /**
   * Answers 200, sends part of the answer and then neither sends more nor hangs up, until the
   * client gives up: an upstream stalled mid-answer. Streams: after `afterTokens` content tokens,
   * or when absent after everything but the final usage chunk and `[DONE]` (the client has the
   * whole text and the finish reason, not the usage). Whole JSON answers: half the body.
   */
  | { kind: 'stall'; afterTokens?: number }
  /** 200 with a body that is not valid JSON (or `body`, e.g. valid JSON of the wrong shape). */
  | { kind: 'malformed'; body?: string };

export type FaultInput = FaultKind | FaultSpec;

export type RandomFaults = { rate: number; kinds: FaultInput[]; seed: number };

export interface FaultController {
  /** Queue a fault for the next `times` inference requests (chat and completions), in order. */
  queue(fault: FaultInput, times?: number): void;
  /** Inject a fault into each inference request with probability `rate`; null turns it off. */
  random(options: RandomFaults | null): void;
  /** Drop queued faults and turn random mode off. */
  clear(): void;
  /** Queued faults not yet used. */
  pending(): number;
  /** Faults injected so far, by kind. */
  injected(): Record<string, number>;
}

export type RecordedRequest = {
  method: string;
  path: string;
  /** Parsed JSON body, the raw text when it was not JSON, or null when empty. */
  body: any;
  /** userAgent tells which client sent it (the openai SDK, or the gateway's forwarding path). */
  headers: { authorization: string | undefined; userAgent?: string | undefined };
  /** The fault injected into this request, if any. */
  fault: FaultKind | null;
  status: number | null;
};

export type FakeServerStats = {
  requests: number;
  byPath: Record<string, number>;
  byStatus: Record<string, number>;
  faults: Record<string, number>;
  faultsInjected: number;
  inFlight: number;
  maxInFlight: number;
};

export type FakeOpenAIServerOptions = {
  /** Required bearer token. Default 'test-key'. */
  apiKey?: string;
  /** Model ids the server knows; others get 404. */
  models?: string[];
  /** The model's answer before stop/max-token cuts. Default: {@link echoLastWord}. */
  respond?: (request: FakeModelRequest) => string;
  /** Log-probability of `token` in context. Default: {@link designedLogprob} over `respond`. */
  logprob?: (context: FakeLogprobContext, token: string) => number;
  /** Extra tokens offered in `top_logprobs` lists (scored with `logprob`). Default none. */
  vocabulary?: string[];
  /** Fixed delay before every response, in ms. Default 0. */
  latencyMs?: number;
  /** Delay between SSE chunks, in ms. Default 0. */
  chunkDelayMs?: number;
  /** How long a 'slow' fault waits, in ms. Default 30 000. */
  slowMs?: number;
  /** Leave `usage` out of every response, like some OpenAI-compatible servers. */
  omitUsage?: boolean;
};

export type FakeOpenAIServer = {
  /** Base URL including /v1, e.g. http://127.0.0.1:PORT/v1. */
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  faults: FaultController;
  stats(): FakeServerStats;
  /** Clear the request log and counters (not queued faults). */
  resetStats(): void;
  setLatencyMs(ms: number): void;
  close(): Promise<void>;
};

// ---------------------------------------------------------------------------------------------
// Deterministic "model"

export const DESIGNED_LOGPROB = -0.1;
export const OTHER_LOGPROB = -5;
export const DEFAULT_FAKE_MODELS = ['gpt-4o-mini', 'gpt-4.1-mini', 'davinci-002', 'babbage-002'];
/** Fixed so that responses are byte-for-byte reproducible. */
export const FAKE_CREATED = 1_700_000_000;
/** How far back the default logprob looks for the start of a designed answer (completions). */
const ANSWER_LOOKBACK = 16;

/** Whitespace-split pieces that keep their leading whitespace, like BPE: "a b\nc" -> a, " b", "\nc". */
export function fakeTokenize(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? [];
}

/** Prompt tokens the server reports: fake tokens of the prompt, or of every message's content. */
export function fakePromptTokens(request: FakeModelRequest): number {
  if (request.messages) return request.messages.reduce((n, m) => n + fakeTokenize(m.content).length, 0);
  return fakeTokenize(request.prompt ?? '').length;
}

/** Default answer: the last word of the last non-empty line (with a leading space for completions). */
export function echoLastWord(request: FakeModelRequest): string {
  const text = request.prompt ?? request.messages?.at(-1)?.content ?? '';
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const word = (lines.at(-1) ?? '').split(/\s+/).at(-1) ?? '';
  return request.endpoint === 'completions' ? ` ${word}` : word;
}

/**
 * The default logprob: tokens that continue respond()'s answer get DESIGNED_LOGPROB, every other
 * token OTHER_LOGPROB. For completions the server does not know where the prompt ends (echo
 * scoring sends prompt + choice as one text), so it tries every split in the last few tokens.
 */
export function designedLogprob(
  respond: (request: FakeModelRequest) => string,
  context: FakeLogprobContext,
  token: string,
): number {
  const { generated, ...request } = context;
  if (request.endpoint === 'chat') {
    const answer = fakeTokenize(respond(request));
    const before = fakeTokenize(generated);
    const continues = before.every((t, i) => t === answer[i]) && answer[before.length] === token;
    return continues ? DESIGNED_LOGPROB : OTHER_LOGPROB;
  }
  const tokens = fakeTokenize(request.prompt ?? '');
  for (let k = 0; k <= Math.min(ANSWER_LOOKBACK, tokens.length); k++) {
    const prompt = tokens.slice(0, tokens.length - k).join('');
    const answer = fakeTokenize(respond({ ...request, prompt }));
    const partial = tokens.slice(tokens.length - k);
    if (answer[k] === token && partial.every((t, i) => t === answer[i])) return DESIGNED_LOGPROB;
  }
  return OTHER_LOGPROB;
}

/** mulberry32: small, seeded and good enough to pick faults reproducibly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

function errorBody(message: string, type: string, code: string | null = null, param: string | null = null) {
  return JSON.stringify({ error: { message, type, param, code } });
}

function toSpec(fault: FaultInput): FaultSpec {
  return typeof fault === 'string' ? ({ kind: fault } as FaultSpec) : fault;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function flattenContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && typeof part.text === 'string' ? part.text : ''))
      .join('');
  }
  if (content === null || content === undefined) return '';
  throw new HttpError(400, "Invalid type for 'messages[].content'", 'invalid_request_error', null, 'messages');
}

function parseStop(stop: unknown): string[] {
  if (stop === undefined || stop === null) return [];
  const list = typeof stop === 'string' ? [stop] : stop;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
    throw new HttpError(400, "Invalid type for 'stop'", 'invalid_request_error', null, 'stop');
  }
  if (list.length > 4) {
    throw new HttpError(
      400,
      "Invalid 'stop': array too long. Expected at most 4.",
      'invalid_request_error',
      null,
      'stop',
    );
  }
  return list;
}

function parseMaxTokens(value: unknown, name: string, min: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new HttpError(400, `Invalid '${name}': expected an integer >= ${min}.`, 'invalid_request_error', null, name);
  }
  return value;
}

/** Applies stop sequences (text before the first one, stop excluded), then the token limit. */
export function fakeGenerate(
  answer: string,
  stop: string[],
  maxTokens: number,
): { tokens: string[]; finishReason: 'stop' | 'length' } {
  let cut = answer.length;
  for (const s of stop) {
    const at = s ? answer.indexOf(s) : -1;
    if (at >= 0 && at < cut) cut = at;
  }
  const tokens = fakeTokenize(answer.slice(0, cut));
  if (tokens.length > maxTokens) return { tokens: tokens.slice(0, maxTokens), finishReason: 'length' };
  return { tokens, finishReason: 'stop' };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

// ---------------------------------------------------------------------------------------------
// The server

export async function startFakeOpenAIServer(options: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
  const apiKey = options.apiKey ?? 'test-key';
  const models = options.models ?? DEFAULT_FAKE_MODELS;
  const respond = options.respond ?? echoLastWord;
  const logprob = options.logprob ?? ((context, token) => designedLogprob(respond, context, token));
  const vocabulary = options.vocabulary ?? [];
  const chunkDelayMs = options.chunkDelayMs ?? 0;
  const slowMs = options.slowMs ?? 30_000;
  const omitUsage = options.omitUsage ?? false;
  let latencyMs = options.latencyMs ?? 0;

  const requests: RecordedRequest[] = [];
  let counters = emptyCounters();
  let inFlight = 0;
  let maxInFlight = 0;
  // Response ids count per endpoint call so that they are reproducible; header ids count separately.
  let nextId = 1;
  let nextRequestId = 1;
  const faultQueue: FaultSpec[] = [];
  const injected: Record<string, number> = {};
  let random: { rate: number; kinds: FaultSpec[]; next: () => number } | null = null;
  // Aborted on close() so that latency, 'slow' faults and streams stop waiting at once.
  const lifetime = new AbortController();
  // Every in-flight response waits on this one signal; many at once is expected, not a leak.
  setMaxListeners(0, lifetime.signal);
  const sockets = new Set<Socket>();

  function emptyCounters() {
    return { requests: 0, byPath: {} as Record<string, number>, byStatus: {} as Record<string, number> };
  }

  const faults: FaultController = {
    queue(fault, times = 1) {
      for (let i = 0; i < times; i++) faultQueue.push(toSpec(fault));
    },
    random(config) {
      if (config === null) {
        random = null;
        return;
      }
      if (!(config.rate >= 0 && config.rate <= 1)) throw new Error('faults.random: rate must be in [0, 1]');
      if (config.kinds.length === 0) throw new Error('faults.random: list at least one fault kind');
      random = { rate: config.rate, kinds: config.kinds.map(toSpec), next: seededRandom(config.seed) };
    },
    clear() {
      faultQueue.length = 0;
      random = null;
    },
    pending: () => faultQueue.length,
    injected: () => ({ ...injected }),
  };

  function takeFault(): FaultSpec | null {
    const queued = faultQueue.shift();
    if (queued) return queued;
    if (random && random.next() < random.rate) {
      return random.kinds[Math.floor(random.next() * random.kinds.length)] ?? null;
    }
    return null;
  }

  // -- top_logprobs: the token itself, the designed next token and the vocabulary, best first.
  function topLogprobs(context: FakeLogprobContext, actual: string, designed: string | undefined, n: number) {
    const candidates = [...new Set([actual, ...(designed === undefined ? [] : [designed]), ...vocabulary])];
    return candidates
      .map((token) => ({ token, logprob: logprob(context, token) }))
      .sort((a, b) => b.logprob - a.logprob)
      .slice(0, n);
  }

  function chatTokenLogprob(request: FakeModelRequest, answer: string[], index: number, tokens: string[], top: number) {
    const context = { ...request, generated: tokens.slice(0, index).join('') };
    const token = tokens[index]!;
    return {
      token,
      logprob: logprob(context, token),
      bytes: [...Buffer.from(token, 'utf8')],
      top_logprobs: topLogprobs(context, token, answer[index], top).map((t) => ({
        ...t,
        bytes: [...Buffer.from(t.token, 'utf8')],
      })),
    };
  }

  /** Legacy completions logprobs for `tokens` starting at character `offset` of `fullText`. */
  function completionLogprobs(
    request: FakeModelRequest,
    fullText: string,
    tokens: string[],
    offset: number,
    top: number,
    skipFirst: boolean,
  ) {
    const result = {
      tokens: [] as string[],
      token_logprobs: [] as (number | null)[],
      top_logprobs: [] as (Record<string, number> | null)[],
      text_offset: [] as number[],
    };
    let at = offset;
    tokens.forEach((token, i) => {
      result.tokens.push(token);
      result.text_offset.push(at);
      if (skipFirst && i === 0) {
        // OpenAI cannot score the very first token of an echoed prompt: it has no context.
        result.token_logprobs.push(null);
        result.top_logprobs.push(null);
      } else {
        const context = { ...request, prompt: fullText.slice(0, at), generated: '' };
        result.token_logprobs.push(logprob(context, token));
        // Scoring asks for logprobs: 0; skip the extra respond() call when no alternatives are wanted.
        const designed = top > 0 ? fakeTokenize(respond({ ...request, prompt: context.prompt }))[0] : undefined;
        result.top_logprobs.push(
          Object.fromEntries(topLogprobs(context, token, designed, top).map((t) => [t.token, t.logprob])),
        );
      }
      at += token.length;
    });
    return result;
  }

  /** Where a stream fault interrupts it: before chunk `at` (chunks.length: before `[DONE]`). */
  type StreamCut = { at: number; how: 'drop' | 'stall' };

  /** Keeps a response open, sending nothing, until the client leaves or the server closes. */
  function holdOpen(res: http.ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      if (res.destroyed || lifetime.signal.aborted) return resolve();
      res.once('close', () => resolve());
      lifetime.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /**
   * The cut a stream fault makes. `firstToken` is the index of the first content-token chunk;
   * `usageAt` that of the usage chunk (chunks.length when there is none).
   */
  function streamCut(fault: FaultSpec | null, firstToken: number, usageAt: number): StreamCut | null {
    if (fault?.kind === 'drop') return { at: fault.afterTokens === undefined ? 2 : firstToken + fault.afterTokens, how: 'drop' };
    if (fault?.kind === 'stall') return { at: fault.afterTokens === undefined ? usageAt : firstToken + fault.afterTokens, how: 'stall' };
    return null;
  }

  async function writeChunks(res: http.ServerResponse, chunks: unknown[], cut: StreamCut | null) {
    for (let i = 0; i <= chunks.length; i++) {
      if (cut !== null && i >= cut.at) {
        if (cut.how === 'stall') {
          // Flush what was written, then go quiet: the connection stays open.
          await holdOpen(res);
          return;
        }
        // Let the client see the first events before hanging up, so the drop is really mid-stream.
        await sleep(25, lifetime.signal);
        res.socket?.destroy();
        return;
      }
      if (i === chunks.length) break;
      const chunk = chunks[i];
      if (res.destroyed || lifetime.signal.aborted) return;
      res.write(`data: ${typeof chunk === 'string' ? chunk : JSON.stringify(chunk)}\n\n`);
      if (chunkDelayMs > 0) await sleep(chunkDelayMs, lifetime.signal);
    }
    if (res.destroyed) return;
    res.write('data: [DONE]\n\n');
    res.end();
  }

  // -- /v1/chat/completions
  async function chat(body: any, res: http.ServerResponse, fault: FaultSpec | null) {
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      throw new HttpError(
        400,
        "Missing required parameter: 'messages'.",
        'invalid_request_error',
        'missing_required_parameter',
        'messages',
      );
    }
    const messages: FakeChatMessage[] = body.messages.map((m: any) => ({
      role: String(m?.role),
      content: flattenContent(m?.content),
    }));
    const request: FakeModelRequest = { endpoint: 'chat', model: body.model, messages };
    const maxTokens = parseMaxTokens(
      body.max_completion_tokens ?? body.max_tokens,
      body.max_completion_tokens !== undefined ? 'max_completion_tokens' : 'max_tokens',
      1,
      Number.POSITIVE_INFINITY,
    );
    const stop = parseStop(body.stop);
    if (body.top_logprobs !== undefined && body.top_logprobs !== null) {
      if (!body.logprobs)
        throw new HttpError(
          400,
          "'top_logprobs' requires 'logprobs' to be true.",
          'invalid_request_error',
          null,
          'top_logprobs',
        );
      if (!Number.isInteger(body.top_logprobs) || body.top_logprobs < 0 || body.top_logprobs > 20) {
        throw new HttpError(
          400,
          "Invalid 'top_logprobs': expected an integer between 0 and 20.",
          'invalid_request_error',
          null,
          'top_logprobs',
        );
      }
    }
    const answerText = respond(request);
    const answer = fakeTokenize(answerText);
    const { tokens, finishReason } = fakeGenerate(answerText, stop, maxTokens);
    const top = body.top_logprobs ?? 0;
    const withLogprobs = body.logprobs === true;
    const usage = {
      prompt_tokens: fakePromptTokens(request),
      completion_tokens: tokens.length,
      total_tokens: fakePromptTokens(request) + tokens.length,
    };
    const id = `chatcmpl-fake-${nextId++}`;
    const base = { id, created: FAKE_CREATED, model: body.model, system_fingerprint: 'fp_fake' };

    if (body.stream === true) {
      const includeUsage = body.stream_options?.include_usage === true && !omitUsage;
      const extra = includeUsage ? { usage: null } : {};
      const chunks: unknown[] = [
        {
          ...base,
          object: 'chat.completion.chunk',
          choices: [
            { index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null },
          ],
          ...extra,
        },
      ];
      tokens.forEach((token, i) => {
        chunks.push({
          ...base,
          object: 'chat.completion.chunk',
          choices: [
            {
              index: 0,
              delta: { content: token },
              logprobs: withLogprobs
                ? { content: [chatTokenLogprob(request, answer, i, tokens, top)], refusal: null }
                : null,
              finish_reason: null,
            },
          ],
          ...extra,
        });
      });
      chunks.push({
        ...base,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }],
        ...extra,
      });
      if (includeUsage) chunks.push({ ...base, object: 'chat.completion.chunk', choices: [], usage });
      if (fault?.kind === 'malformed') chunks.splice(1, 0, fault.body ?? '{"id": "chatcmpl-broken", "choices": [');
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-request-id': `req_${id}`,
      });
      await writeChunks(res, chunks, streamCut(fault, 1, includeUsage ? chunks.length - 1 : chunks.length));
      return 200;
    }

    const payload = {
      ...base,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: tokens.join(''), refusal: null, annotations: [] },
          logprobs: withLogprobs
            ? { content: tokens.map((_, i) => chatTokenLogprob(request, answer, i, tokens, top)), refusal: null }
            : null,
          finish_reason: finishReason,
        },
      ],
      ...(omitUsage ? {} : { usage }),
      service_tier: 'default',
    };
    sendJson(res, 200, JSON.stringify(payload), fault);
    return 200;
  }

  // -- /v1/completions (legacy)
  async function completions(body: any, res: http.ServerResponse, fault: FaultSpec | null) {
    const prompts: unknown[] = Array.isArray(body.prompt) ? body.prompt : [body.prompt ?? '<|endoftext|>'];
    if (!prompts.every((p) => typeof p === 'string')) {
      throw new HttpError(
        400,
        "Invalid type for 'prompt': this server accepts strings only.",
        'invalid_request_error',
        null,
        'prompt',
      );
    }
    // OpenAI's legacy endpoint defaults to 16 tokens and accepts 0 (useful with echo).
    const maxTokens = parseMaxTokens(body.max_tokens, 'max_tokens', 0, 16);
    const stop = parseStop(body.stop);
    const logprobsN: number | null = body.logprobs ?? null;
    if (logprobsN !== null && (!Number.isInteger(logprobsN) || logprobsN < 0 || logprobsN > 5)) {
      throw new HttpError(
        400,
        "Invalid 'logprobs': expected an integer between 0 and 5.",
        'invalid_request_error',
        null,
        'logprobs',
      );
    }
    const echo = body.echo === true;
    const id = `cmpl-fake-${nextId++}`;
    const base = { id, object: 'text_completion', created: FAKE_CREATED, model: body.model };
    let promptTokens = 0;
    let completionTokens = 0;
    const results = (prompts as string[]).map((prompt, index) => {
      const request: FakeModelRequest = { endpoint: 'completions', model: body.model, prompt };
      const { tokens, finishReason } = fakeGenerate(respond(request), stop, maxTokens);
      const promptPieces = fakeTokenize(prompt);
      promptTokens += promptPieces.length;
      completionTokens += tokens.length;
      const generated = tokens.join('');
      const text = echo ? prompt + generated : generated;
      let logprobs = null;
      if (logprobsN !== null) {
        const gen = completionLogprobs(request, prompt + generated, tokens, prompt.length, logprobsN, false);
        if (echo) {
          const head = completionLogprobs(request, prompt, promptPieces, 0, logprobsN, true);
          logprobs = {
            tokens: [...head.tokens, ...gen.tokens],
            token_logprobs: [...head.token_logprobs, ...gen.token_logprobs],
            top_logprobs: [...head.top_logprobs, ...gen.top_logprobs],
            text_offset: [...head.text_offset, ...gen.text_offset],
          };
        } else {
          logprobs = gen;
        }
      }
      return { index, text, tokens, prompt, logprobs, finishReason };
    });
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };

    if (body.stream === true) {
      const includeUsage = body.stream_options?.include_usage === true && !omitUsage;
      const extra = includeUsage ? { usage: null } : {};
      const chunks: unknown[] = [];
      for (const r of results) {
        if (echo)
          chunks.push({
            ...base,
            choices: [{ index: r.index, text: r.prompt, logprobs: null, finish_reason: null }],
            ...extra,
          });
        r.tokens.forEach((token) =>
          chunks.push({
            ...base,
            choices: [{ index: r.index, text: token, logprobs: null, finish_reason: null }],
            ...extra,
          }),
        );
        chunks.push({
          ...base,
          choices: [{ index: r.index, text: '', logprobs: null, finish_reason: r.finishReason }],
          ...extra,
        });
      }
      if (includeUsage) chunks.push({ ...base, choices: [], usage });
      if (fault?.kind === 'malformed') chunks.splice(1, 0, fault.body ?? '{"id": "cmpl-broken", "choices": [');
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-request-id': `req_${id}`,
      });
      await writeChunks(res, chunks, streamCut(fault, echo ? 1 : 0, includeUsage ? chunks.length - 1 : chunks.length));
      return 200;
    }

    const payload = {
      ...base,
      system_fingerprint: 'fp_fake',
      choices: results.map((r) => ({
        index: r.index,
        text: r.text,
        logprobs: r.logprobs,
        finish_reason: r.finishReason,
      })),
      ...(omitUsage ? {} : { usage }),
    };
    sendJson(res, 200, JSON.stringify(payload), fault);
    return 200;
  }

  /** Sends a JSON body, or the malformed / mid-body-drop version of it when that fault is active. */
  function sendJson(
    res: http.ServerResponse,
    status: number,
    text: string,
    fault: FaultSpec | null,
    headers: Record<string, string> = {},
  ) {
    if (fault?.kind === 'malformed') text = fault.body ?? text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    const bytes = Buffer.from(text, 'utf8');
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(bytes.length),
      'x-request-id': `req_${nextRequestId++}`,
      ...headers,
    });
    if (fault?.kind === 'drop') {
      // Promise the whole body, send half, hang up: the client sees a body that ends too soon.
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
      return;
    }
    if (fault?.kind === 'stall') {
      // Promise the whole body, send half, then go quiet until the client gives up.
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      return;
    }
    res.end(bytes);
  }

  function sendError(res: http.ServerResponse, error: HttpError, headers: Record<string, string> = {}) {
    sendJson(res, error.status, errorBody(error.message, error.type, error.code, error.param), null, headers);
  }

  /** Answers with the fault's error status; returns null when the fault is not a status fault. */
  function sendStatusFault(res: http.ServerResponse, fault: FaultSpec, model: string): number | null {
    switch (fault.kind) {
      case '429': {
        const headers: Record<string, string> = {};
        const retryAfter = fault.retryAfter === undefined ? '1' : fault.retryAfter;
        if (retryAfter !== null) headers['retry-after'] = retryAfter;
        if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = fault.retryAfterMs;
        sendError(
          res,
          new HttpError(
            429,
            `Rate limit reached for ${model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`,
            'requests',
            'rate_limit_exceeded',
          ),
          headers,
        );
        return 429;
      }
      case '500':
        sendError(
          res,
          new HttpError(
            500,
            'The server had an error while processing your request. Sorry about that!',
            'server_error',
          ),
        );
        return 500;
      case '503': {
        const headers: Record<string, string> = {};
        if (fault.retryAfter) headers['retry-after'] = fault.retryAfter;
        sendError(
          res,
          new HttpError(503, 'The engine is currently overloaded, please try again later.', 'server_error'),
          headers,
        );
        return 503;
      }
      case 'status':
        sendError(
          res,
          new HttpError(
            fault.status,
            fault.message ?? `Injected error with status ${fault.status}.`,
            fault.status >= 500 ? 'server_error' : 'invalid_request_error',
          ),
          fault.headers,
        );
        return fault.status;
      default:
        return null;
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<number | null> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
    const raw = await readBody(req);
    let body: any = null;
    let bodyIsJson = true;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
        bodyIsJson = false;
      }
    }
    const record: RecordedRequest = {
      method,
      path,
      body,
      headers: { authorization: req.headers.authorization, userAgent: req.headers['user-agent'] },
      fault: null,
      status: null,
    };
    requests.push(record);
    counters.requests++;
    counters.byPath[path] = (counters.byPath[path] ?? 0) + 1;

    const auth = req.headers.authorization;
    if (!auth) {
      sendError(
        res,
        new HttpError(
          401,
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          'invalid_request_error',
        ),
      );
      return (record.status = 401);
    }
    if (auth !== `Bearer ${apiKey}`) {
      const given = auth.replace(/^Bearer\s+/i, '');
      const masked = given.length > 8 ? `${given.slice(0, 3)}*****${given.slice(-4)}` : '*****';
      sendError(
        res,
        new HttpError(
          401,
          `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          'invalid_request_error',
          'invalid_api_key',
        ),
      );
      return (record.status = 401);
    }

    const endpoint =
      method === 'POST' && path === '/v1/chat/completions'
        ? 'chat'
        : method === 'POST' && path === '/v1/completions'
          ? 'completions'
          : null;
    if (endpoint === null) {
      if (method === 'GET' && path === '/v1/models') {
        await sleep(latencyMs, lifetime.signal);
        const data = models.map((id) => ({ id, object: 'model', created: FAKE_CREATED, owned_by: 'fake-openai' }));
        sendJson(res, 200, JSON.stringify({ object: 'list', data }), null);
        return (record.status = 200);
      }
      const modelMatch = method === 'GET' ? /^\/v1\/models\/(.+)$/.exec(path) : null;
      if (modelMatch) {
        const id = decodeURIComponent(modelMatch[1]!);
        if (!models.includes(id))
          throw new HttpError(
            404,
            `The model '${id}' does not exist`,
            'invalid_request_error',
            'model_not_found',
            'model',
          );
        sendJson(
          res,
          200,
          JSON.stringify({ id, object: 'model', created: FAKE_CREATED, owned_by: 'fake-openai' }),
          null,
        );
        return (record.status = 200);
      }
      throw new HttpError(404, `Invalid URL (${method} ${path})`, 'invalid_request_error');
    }

    const fault = takeFault();
    if (fault) {
      record.fault = fault.kind;
      injected[fault.kind] = (injected[fault.kind] ?? 0) + 1;
    }
    await sleep(latencyMs + (fault?.kind === 'slow' ? (fault.ms ?? slowMs) : 0), lifetime.signal);
    if (lifetime.signal.aborted || res.destroyed) return null;
    if (fault?.kind === 'drop' && fault.phase !== 'mid-body' && fault.afterTokens === undefined) {
      req.socket.destroy();
      return null;
    }
    if (fault) {
      const status = sendStatusFault(res, fault, typeof body?.model === 'string' ? body.model : 'unknown');
      if (status !== null) return (record.status = status);
    }

    if (!bodyIsJson || body === null || typeof body !== 'object') {
      throw new HttpError(
        400,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.",
        'invalid_request_error',
      );
    }
    if (typeof body.model !== 'string' || !body.model) {
      throw new HttpError(400, 'you must provide a model parameter', 'invalid_request_error', null, 'model');
    }
    if (!models.includes(body.model)) {
      throw new HttpError(
        404,
        `The model \`${body.model}\` does not exist or you do not have access to it.`,
        'invalid_request_error',
        'model_not_found',
      );
    }
    const midBodyFault = fault?.kind === 'drop' || fault?.kind === 'stall' || fault?.kind === 'malformed' ? fault : null;
    record.status =
      endpoint === 'chat' ? await chat(body, res, midBodyFault) : await completions(body, res, midBodyFault);
    return record.status;
  }

  const server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    handle(req, res)
      .catch((error: unknown) => {
        const httpError =
          error instanceof HttpError
            ? error
            : new HttpError(500, `Fake server failure: ${String(error)}`, 'server_error');
        const last = requests.at(-1);
        if (last && last.status === null) last.status = httpError.status;
        if (!res.headersSent && !res.destroyed) sendError(res, httpError);
        else res.destroy();
        return httpError.status;
      })
      .then((status) => {
        if (status !== null) counters.byStatus[String(status)] = (counters.byStatus[String(status)] ?? 0) + 1;
      })
      .finally(() => {
        inFlight--;
      });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    faults,
    stats: () => ({
      requests: counters.requests,
      byPath: { ...counters.byPath },
      byStatus: { ...counters.byStatus },
      faults: { ...injected },
      faultsInjected: Object.values(injected).reduce((a, b) => a + b, 0),
      inFlight,
      maxInFlight,
    }),
    resetStats() {
      requests.length = 0;
      counters = emptyCounters();
      for (const key of Object.keys(injected)) delete injected[key];
      maxInFlight = inFlight;
    },
    setLatencyMs(ms: number) {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        lifetime.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
