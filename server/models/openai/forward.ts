// The gateway's lean path to an OpenAI-compatible backend. Under the benchmark's load, half of the
// gateway's CPU per request went into the `openai` SDK call (request building, its logging and
// header machinery, and undici's fetch with its web streams, Request/Response objects and body
// tee); a bare keep-alive `node:http` request does the same exchange for about half of fetch's
// cost alone (bench/README.md, gateway). So an OpenAI text model offers this path as its `forward`
// (the model contract, core/model.ts), which the /v1 gateway and grading call (grading for the
// same CPU, and because fetch's short-lived objects outlive young-generation collections: a
// 5,000-case run's peak RSS grew by 80 MiB over a 1,000-case run's); the playground calls
// `generate` and keeps the SDK.
//
// Behaviour stays the SDK path's: the same request bodies (chatRequestBody, completionRequestBody),
// the same readers of answers and stream chunks (chat.ts, completions.ts), and every failure is
// expressed as the SDK's own error class (APIError.generate with the status, body and headers,
// APIConnectionError, APIConnectionTimeoutError) and mapped by the same toSandboxError, so students
// see the same statuses, retry hints and messages. The few things node:http does not do by itself
// are done here: a timeout until the response headers (the SDK's `timeout`), an idle timeout while
// streaming, redirects (handed to the SDK path, which follows them), compressed answers.
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { CallOptions, CallProgress, ChatMessage, TextModel, TextRequest, TextResponse } from '../../core/model.js';
import { ProviderError } from '../../core/errors.js';
import { callProvider, type OpenAICallContext } from './call-context.js';
import { chatRequestBody, chatStreamReader, readChatCompletion } from './chat.js';
import { completionRequestBody, completionStreamReader, readCompletion } from './completions.js';
import { createSseDecoder } from './sse-decoder.js';
import type { StreamReader } from './stream-reader.js';

/** What the forwarder needs: the SDK path's call context (its client is not used) and the key. */
export type ForwardContext = Omit<OpenAICallContext, 'client'> & { apiKey: string };

/** How long an idle keep-alive connection is kept: below the 5 s idle timeout of Node servers (vLLM and others answer with a shorter `keep-alive` hint, which the agent honours). */
const IDLE_SOCKET_MS = 4_000;

export type OpenAIForwarder = {
  chat(messages: ChatMessage[], request: TextRequest, options?: CallOptions): Promise<TextResponse>;
  completion(prompt: string, request: TextRequest, options?: CallOptions): Promise<TextResponse>;
};

type Exchange = {
  path: string;
  body: object;
  reader: (onText: (delta: string) => void, progress?: CallProgress) => StreamReader;
  read: (raw: unknown) => TextResponse;
};

/** Marks a redirect: fetch would have followed it, so the SDK path answers instead. */
const REDIRECTED = Symbol('redirected');

/** `viaSdk` is the SDK path's generate, which answers when the backend redirects. */
export function createOpenAIForwarder(context: ForwardContext, viaSdk: TextModel['generate']): OpenAIForwarder {
  const base = new URL(`${context.baseURL}/`);
  const transport = base.protocol === 'https:' ? https : http;
  // Parsed once: where each endpoint is (baseURL keeps its path, e.g. /v1).
  const targets = new Map(['chat/completions', 'completions'].map((path) => [path, urlOptions(new URL(path, base))]));
  // One pool per model, like the SDK client's: warm connections, and idle ones do not hold the process open (the agent unrefs them).
  const agent = new transport.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' });
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json',
    // Compression buys nothing between neighbouring servers and costs CPU on both ends.
    'accept-encoding': 'identity',
    authorization: `Bearer ${context.apiKey}`,
    'user-agent': 'fm-sandbox-gateway',
  };

  /** Sends the body; resolves with the response once its headers are in, or rejects the way the SDK's fetch would. */
  function send(path: string, payload: Buffer, signal: AbortSignal | undefined, retried = false): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const target = targets.get(path)!;
      // Field by field, not `{ ...target, agent, ... }`: with the stored target spread in, more of each
      // request's short-lived objects were promoted to the old generation (10,000 requests in a loop:
      // 0.74 -> 0.30 KB promoted a request), garbage a grading run's peak memory grew with (bench/startup).
      const request = transport.request({
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: target.path,
        agent,
        method: 'POST',
        headers: { ...headers, 'content-length': payload.length },
      });
      // Set once the outcome is known: a request destroyed here (timeout, abort) must not be sent again.
      let settled = false;
      const settle = (error: Error | null, response?: http.IncomingMessage) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(response!);
      };
      // The SDK's `timeout` covers the wait for the response headers.
      const timer = setTimeout(() => {
        settle(new APIConnectionTimeoutError());
        request.destroy();
      }, context.timeoutMs);
      const onAbort = () => {
        settle(new APIUserAbortError());
        request.destroy();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('response', (response) => settle(null, response));
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) return;
        // A kept-alive connection the server closed just as it was reused: nothing was processed, so
        // sending once more on a fresh connection is safe (Node's documented pattern).
        if (request.reusedSocket && !retried && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          send(path, payload, signal, true).then(resolve, reject);
          return;
        }
        settle(new APIConnectionError({ cause: error }));
      });
      request.end(payload);
    });
  }

  /** The response body as text (decompressed when a server compressed it anyway). */
  function bodyOf(response: http.IncomingMessage): NodeJS.ReadableStream {
    const encoding = String(response.headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase();
    const decoder =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? zlib.createGunzip()
        : encoding === 'deflate'
          ? zlib.createInflate()
          : encoding === 'br'
            ? zlib.createBrotliDecompress()
            : null;
    if (!decoder) {
      response.setEncoding('utf8');
      return response;
    }
    response.on('error', (error) => decoder.destroy(error));
    decoder.setEncoding('utf8');
    return response.pipe(decoder);
  }

  /** Calls `onData` with each piece of the body; resolves at its end, rejects when the connection fails first. */
  function readBody(response: http.IncomingMessage, onData: (text: string) => void, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const body = bodyOf(response);
      let ended = false;
      const onAbort = () => {
        response.destroy();
        reject(new APIUserAbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const finish = (error?: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      body.on('data', (text: string) => {
        try {
          onData(text);
        } catch (error) {
          response.destroy();
          finish(error);
        }
      });
      body.on('end', () => {
        ended = true;
        finish();
      });
      body.on('error', (error) => finish(error));
      // A connection cut mid-body: undici reports it as "terminated", node:http as ECONNRESET.
      response.on('close', () => {
        if (!ended && !response.complete) finish(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      });
    });
  }

  async function readText(response: http.IncomingMessage, signal: AbortSignal | undefined): Promise<string> {
    let text = '';
    await readBody(response, (piece) => (text += piece), signal);
    return text;
  }

  /** A non-2xx answer as the SDK's error for it (same class, message, headers), for toSandboxError. */
  async function statusError(response: http.IncomingMessage, signal: AbortSignal | undefined): Promise<APIError> {
    const text = await readText(response, signal).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return APIError.generate(response.statusCode!, json as object | undefined, json ? undefined : text, headersOf(response));
  }

  /** The JSON of a 2xx answer, parsed the way the SDK parses it (text when it is not JSON). */
  async function readJson(response: http.IncomingMessage, signal: AbortSignal | undefined): Promise<unknown> {
    const mediaType = String(response.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    const isJson = mediaType.includes('application/json') || mediaType.endsWith('+json');
    if (isJson && response.headers['content-length'] === '0') {
      response.resume();
      return undefined;
    }
    const text = await readText(response, signal);
    return isJson ? JSON.parse(text) : text;
  }

  /** Server-sent events into the reader, with the SDK stream's rules ([DONE], error events) and an idle timeout. */
  async function readStream(response: http.IncomingMessage, reader: StreamReader, signal: AbortSignal | undefined): Promise<void> {
    let done = false;
    let stalled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        response.destroy();
      }, context.timeoutMs);
    };
    const decoder = createSseDecoder((event) => {
      arm();
      if (done) return;
      if (event.data.startsWith('[DONE]')) {
        done = true;
        return;
      }
      const data = JSON.parse(event.data) as { error?: unknown; message?: string } | null;
      if (event.event !== null && event.event.startsWith('thread.')) {
        if (event.event === 'error') throw new APIError(undefined, data?.error as object | undefined, data?.message, undefined);
        reader.push({ event: event.event, data });
        return;
      }
      if (data && data.error) throw new APIError(undefined, data.error as object, undefined, headersOf(response));
      reader.push(data);
    });
    arm();
    try {
      await readBody(response, (text) => decoder.push(text), signal);
      decoder.end();
    } catch (error) {
      if (!stalled) throw error;
    } finally {
      clearTimeout(timer);
    }
    if (stalled) {
      throw new ProviderError(
        `provider ${context.providerName}, model ${context.modelId}: the response stream from ${context.baseURL} stalled for ${context.timeoutMs} ms`,
        {
          status: null,
          retryable: true,
        },
      );
    }
  }

  async function exchange(call: Exchange, request: TextRequest, options: CallOptions): Promise<TextResponse> {
    const { signal, onText, progress } = options;
    const body = onText ? { ...call.body, stream: true, stream_options: { include_usage: true } } : { ...call.body, stream: false };
    const result = await callProvider(context, signal, async () => {
      const response = await send(call.path, Buffer.from(JSON.stringify(body)), signal);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        return REDIRECTED;
      }
      if (status < 200 || status >= 300) throw await statusError(response, signal);
      // A 2xx status: the provider took the request and is working (and billing) on it. (The SDK
      // path can tell this for streams only: its whole answers arrive parsed or not at all.)
      progress?.answered();
      if (!onText) return call.read(await readJson(response, signal));
      const reader = call.reader(onText, progress);
      await readStream(response, reader, signal);
      return reader.result(signal);
    });
    return result === REDIRECTED ? viaSdk(request, options) : result;
  }

  return {
    chat: (messages, request, options = {}) =>
      exchange(
        {
          path: 'chat/completions',
          body: chatRequestBody(context, messages, request),
          reader: (onText, progress) => chatStreamReader(context, messages, onText, progress),
          read: (raw) => readChatCompletion(context, messages, raw),
        },
        request,
        options,
      ),
    completion: (prompt, request, options = {}) =>
      exchange(
        {
          path: 'completions',
          body: completionRequestBody(context, prompt, request),
          reader: (onText, progress) => completionStreamReader(context, prompt, onText, progress),
          read: (raw) => readCompletion(context, prompt, raw),
        },
        request,
        options,
      ),
  };
}

function urlOptions(url: URL) {
  return { protocol: url.protocol, hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port || undefined, path: `${url.pathname}${url.search}` };
}

function headersOf(response: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}
