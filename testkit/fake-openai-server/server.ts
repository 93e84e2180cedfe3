// A deterministic OpenAI-compatible HTTP server for tests and benchmarks. The paid OpenAI service
// cannot be reached from here, so this speaks the real wire protocol (JSON bodies, OpenAI's error
// shape, SSE framing with `data: [DONE]`) closely enough that the real `openai` SDK talks to it
// unchanged. Everything it answers is a pure function of the request, so tests can assert exact
// text, usage and logprobs; faults are injected on purpose (queued or seeded-random).
// This file holds the HTTP side: listening, authentication, routing and the request log.
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createFaults, sendStatusFault } from './faults.js';
import { createLogprobs } from './logprobs.js';
import { DEFAULT_FAKE_MODELS, designedLogprob, echoLastWord, FAKE_CREATED } from './model.js';
import { createReplies, HttpError } from './replies.js';
import { readBody } from './request-parsing.js';
import { createResponders } from './responders.js';
import { createStats } from './stats.js';
import { createStreamWriter, sleep } from './streams.js';
import type { FakeOpenAIServer, FakeOpenAIServerOptions, RecordedRequest } from './types.js';

/** Records the status a request was answered with, and returns it. */
function answered(record: RecordedRequest, status: number): number {
  record.status = status;
  return status;
}

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
  const faults = createFaults();
  const stats = createStats(faults.injected);
  // Aborted on close() so that latency, 'slow' faults and streams stop waiting at once.
  const lifetime = new AbortController();
  // Every in-flight response waits on this one signal; many at once is expected, not a leak.
  setMaxListeners(0, lifetime.signal);
  const sockets = new Set<Socket>();
  const replies = createReplies();
  const { sendJson, sendError } = replies;
  const { chat, completions } = createResponders({
    respond,
    omitUsage,
    logprobs: createLogprobs({ respond, logprob, vocabulary }),
    replies,
    streams: createStreamWriter(lifetime.signal, chunkDelayMs),
  });

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
    stats.received(path);

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
      return answered(record, 401);
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
      return answered(record, 401);
    }

    const endpoint = method === 'POST' && path === '/v1/chat/completions' ? 'chat' : method === 'POST' && path === '/v1/completions' ? 'completions' : null;
    if (endpoint === null) {
      if (method === 'GET' && path === '/v1/models') {
        await sleep(latencyMs, lifetime.signal);
        const data = models.map((id) => ({ id, object: 'model', created: FAKE_CREATED, owned_by: 'fake-openai' }));
        sendJson(res, 200, JSON.stringify({ object: 'list', data }), null);
        return answered(record, 200);
      }
      const modelMatch = method === 'GET' ? /^\/v1\/models\/(.+)$/.exec(path) : null;
      if (modelMatch) {
        const id = decodeURIComponent(modelMatch[1]!);
        if (!models.includes(id)) throw new HttpError(404, `The model '${id}' does not exist`, 'invalid_request_error', 'model_not_found', 'model');
        sendJson(res, 200, JSON.stringify({ id, object: 'model', created: FAKE_CREATED, owned_by: 'fake-openai' }), null);
        return answered(record, 200);
      }
      throw new HttpError(404, `Invalid URL (${method} ${path})`, 'invalid_request_error');
    }

    const fault = faults.take();
    if (fault) record.fault = fault.kind;
    // A client that hangs up (a timeout, an abort) ends the wait too, so the request stops counting
    // as in flight when the client leaves: tests wait for that instead of sleeping.
    const hungUp = new AbortController();
    res.once('close', () => hungUp.abort());
    await sleep(latencyMs + (fault?.kind === 'slow' ? (fault.ms ?? slowMs) : 0), AbortSignal.any([lifetime.signal, hungUp.signal]));
    if (lifetime.signal.aborted || res.destroyed) return null;
    if (fault?.kind === 'drop' && fault.phase !== 'mid-body' && fault.afterTokens === undefined) {
      req.socket.destroy();
      return null;
    }
    if (fault) {
      const status = sendStatusFault(replies, res, fault, typeof body?.model === 'string' ? body.model : 'unknown');
      if (status !== null) return answered(record, status);
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
      throw new HttpError(404, `The model \`${body.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
    }
    const midBodyFault = fault?.kind === 'drop' || fault?.kind === 'stall' || fault?.kind === 'malformed' ? fault : null;
    record.status = endpoint === 'chat' ? await chat(body, res, midBodyFault) : await completions(body, res, midBodyFault);
    return record.status;
  }

  const server = http.createServer((req, res) => {
    stats.started();
    void handle(req, res)
      .catch((error: unknown) => {
        const httpError = error instanceof HttpError ? error : new HttpError(500, `Fake server failure: ${String(error)}`, 'server_error');
        const last = requests.at(-1);
        if (last && last.status === null) last.status = httpError.status;
        if (!res.headersSent && !res.destroyed) sendError(res, httpError);
        else res.destroy();
        return httpError.status;
      })
      .then((status) => {
        if (status !== null) stats.answered(status);
      })
      .finally(() => {
        stats.finished();
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
    faults: faults.controller,
    stats: stats.snapshot,
    resetStats() {
      requests.length = 0;
      stats.reset();
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
