// What the OpenAI-compatible gateway does with a request, on plain node request/response objects so
// that both ways in share it: the express routes (gateway.routes.ts) and the fast lane that takes
// the common POSTs before express (gateway-fast-lane.ts). Same registry, budgets, rate limit and
// usage log as the playground; no response cache (a notebook sampling at temperature > 0 expects
// fresh answers). The Responses API (gateway-responses.ts) is one more way to ask for the same
// model calls.
import type http from 'node:http';
import type { AuthThrottle } from '../accounts/auth-throttle.js';
import type { User } from '../core/api.js';
import { NotFound, SandboxError } from '../core/errors.js';
import type { RenderedPrompt, TextModel, TextRequest, TextResponse } from '../core/model.js';
import { ChatCompletionBodySchema, CompletionBodySchema, type ChatCompletionBody, type CompletionBody } from '../gateway/gateway-schemas.js';
import * as wire from '../gateway/openai-wire.js';
import { createModelCaller, type ModelCaller } from '../grading/model-caller.js';
import { defaultRetryPolicy, realRetryDeps } from '../grading/retry.js';
import { resolveModel } from '../playground/prepare-program.js';
import { ApiError } from './api-error.js';
import type { AppDeps } from './app-deps.js';
import { bearerToken, failedCredential } from './auth.js';
import { mapGatewayError } from './gateway-errors.js';
import { requestIdOf } from './request-id.js';
import { type GatewayCall, type GatewayKind, invalidBody, sendJson, unknownModel } from './gateway-call.js';
import { eventStream } from './sse.js';
import { serveResponses } from './gateway-responses.js';

export type { GatewayKind } from './gateway-call.js';

export type GatewayHandler = {
  /** The user whose personal token is the request's API key; a 401 ApiError otherwise (429 past the failure limits). */
  authenticate(request: Pick<http.IncomingMessage, 'headers' | 'socket'>): Promise<User>;
  /** Answers one parsed /v1/chat/completions, /v1/completions or /v1/responses body, streamed when it asks. */
  serve(kind: GatewayKind, user: User, body: unknown, response: http.ServerResponse): Promise<void>;
  /** Answers `error` in OpenAI's shape, or ends a response that has already started. */
  sendError(response: http.ServerResponse, error: unknown): void;
};

function textOf(content: string | { text: string }[] | null): string {
  if (content === null) return '';
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

export function createGatewayHandler(deps: AppDeps, throttle: AuthThrottle): GatewayHandler {
  const { services } = deps;

  async function authenticate(request: Pick<http.IncomingMessage, 'headers' | 'socket'>): Promise<User> {
    const token = bearerToken(request);
    if (!token) {
      throw new ApiError(
        401,
        'missing_api_key',
        "You didn't provide an API key. Use your sandbox personal token as the API key (Authorization: Bearer <token>).",
      );
    }
    const user = token.length <= 200 ? await services.accounts.userForToken(token) : null;
    if (!user) {
      const failure = new ApiError(
        401,
        'invalid_api_key',
        'Incorrect API key provided: use your sandbox personal token (it may have been revoked or re-issued; ask the course staff for a new one).',
      );
      throw await failedCredential(throttle, request, failure);
    }
    return user;
  }

  async function textModel(id: string, kind: GatewayKind): Promise<TextModel> {
    let model: Awaited<ReturnType<typeof resolveModel>>;
    try {
      model = await resolveModel(deps.models, id);
    } catch (error) {
      // The registry's own message is for operators; a student is told in the gateway's words.
      if (error instanceof NotFound) throw unknownModel(id);
      throw error;
    }
    if (model.kind !== 'text') throw new NotFound('model', `The model \`${id}\` is an image-text model; the gateway serves text models only.`);
    if (kind !== 'completions' && model.style === 'completion') {
      throw new SandboxError(
        'bad_request',
        `model ${id} is a base (completion-style) model: call /v1/completions with a prompt instead of /v1/${kind === 'chat' ? 'chat/completions' : 'responses'}`,
      );
    }
    return model;
  }

  function maxTokensOf(requested: number | null | undefined, fallback: number, field = 'max_tokens'): number {
    const cap = deps.config.gatewayMaxTokens;
    if (requested && requested > cap)
      throw new SandboxError('bad_request', `${field} is ${requested}; the sandbox gateway allows at most ${cap}`, { param: field });
    return requested ?? Math.min(fallback, cap);
  }

  /** The body as a TextRequest for the model, with the few options the gateway acts on. */
  function readBody(kind: GatewayKind, raw: unknown) {
    const parsed = (kind === 'chat' ? ChatCompletionBodySchema : CompletionBodySchema).safeParse(raw ?? null);
    if (!parsed.success) throw invalidBody(parsed.error);
    const body = parsed.data as ChatCompletionBody | CompletionBody;
    let prompt: RenderedPrompt;
    let maxTokens: number;
    if (kind === 'chat') {
      const chat = body as ChatCompletionBody;
      prompt = { style: 'chat', messages: chat.messages.map((m) => ({ role: m.role === 'developer' ? 'system' : m.role, content: textOf(m.content) })) };
      maxTokens = maxTokensOf(chat.max_completion_tokens ?? chat.max_tokens, deps.config.gatewayMaxTokens);
    } else {
      const completion = body as CompletionBody;
      prompt = { style: 'completion', text: typeof completion.prompt === 'string' ? completion.prompt : completion.prompt[0]! };
      // 16 is OpenAI's own default for /v1/completions.
      maxTokens = maxTokensOf(completion.max_tokens, 16);
    }
    const stop = body.stop === null || body.stop === undefined ? [] : typeof body.stop === 'string' ? [body.stop] : body.stop;
    const textRequest: TextRequest = { prompt, temperature: body.temperature ?? 1, topP: body.top_p ?? 1, maxTokens, stop };
    return { modelId: body.model, textRequest, stream: Boolean(body.stream), includeUsage: Boolean(body.stream_options?.include_usage) };
  }

  async function withCaller(
    user: User,
    modelId: string,
    streaming: boolean,
    response: http.ServerResponse,
    work: (caller: ModelCaller) => Promise<void>,
  ): Promise<void> {
    const scope = services.scopes.current();
    // No separate budget check: the reservation in the caller refuses before anything is sent, as a 429.
    const slot = await services.limiter.acquire(user.id);
    const controller = new AbortController();
    // A client that hangs up stops a stream (the provider stops generating; what was delivered is
    // charged). A whole answer is not stopped: the provider bills it whether or not anyone waits,
    // and reading it to the end is one body, so the call settles with the usage it reports.
    if (streaming) {
      response.on('close', () => {
        if (!response.writableFinished) controller.abort();
      });
    }
    try {
      const caller = createModelCaller({
        cache: null,
        timeoutMs: deps.config.timeoutMs,
        // The student's SDK retries by itself; retrying here too would multiply the wait.
        retry: { ...defaultRetryPolicy, maxAttempts: 1 },
        retryDeps: deps.retryDeps ?? realRetryDeps,
        signal: controller.signal,
        meter: services.meterFor(user, scope, modelId, 'gateway'),
      });
      await work(caller);
    } finally {
      await slot.release();
    }
  }

  const mapError = (error: unknown, response: http.ServerResponse) => mapGatewayError(error, deps.log, requestIdOf(response));
  const call: GatewayCall = { deps, textModel, maxTokensOf, withCaller, mapError };

  async function serve(kind: GatewayKind, user: User, raw: unknown, response: http.ServerResponse) {
    if (kind === 'responses') return serveResponses(call, user, raw, response);
    const { modelId, textRequest, stream: streaming, includeUsage } = readBody(kind, raw);
    const model = await textModel(modelId, kind);
    await withCaller(user, model.id, streaming, response, async (caller) => {
      // `forward: true` below: a model with a lean path for OpenAI-wire requests (the `openai`
      // provider's, without the SDK) answers through it; others through generate.
      const meta = { id: wire.completionId(kind === 'chat' ? 'chatcmpl' : 'cmpl'), created: Math.floor(deps.clock.now() / 1000), model: model.id };
      if (!streaming) {
        const { value } = await caller.generate(model, textRequest, { forward: true });
        sendJson(
          response,
          200,
          kind === 'chat'
            ? wire.chatCompletion(meta, value.text, value.finishReason, value.usage)
            : wire.textCompletion(meta, value.text, value.finishReason, value.usage),
        );
        return;
      }
      await stream(response, kind, meta, includeUsage, (onText) => caller.generate(model, textRequest, { onText, forward: true }).then((r) => r.value));
    });
  }

  /** OpenAI's SSE framing: `data: <chunk>` lines, then `data: [DONE]`. Opens on the first piece of text. */
  async function stream(
    response: http.ServerResponse,
    kind: GatewayKind,
    meta: { id: string; created: number; model: string },
    includeUsage: boolean,
    generate: (onText: (delta: string) => void) => Promise<TextResponse>,
  ) {
    const sse = eventStream(response, {
      onOpen: (opening) => {
        if (kind === 'chat') opening.data(wire.chatChunk(meta, { role: 'assistant', content: '' }, null, includeUsage));
      },
    });
    try {
      const result = await generate((delta) => {
        sse.data(kind === 'chat' ? wire.chatChunk(meta, { content: delta }, null, includeUsage) : wire.textChunk(meta, delta, null, includeUsage));
      });
      const finish = result.finishReason ?? 'stop';
      sse.data(kind === 'chat' ? wire.chatChunk(meta, {}, finish, includeUsage) : wire.textChunk(meta, '', finish, includeUsage));
      if (includeUsage) sse.data(kind === 'chat' ? wire.chatUsageChunk(meta, result.usage) : wire.textUsageChunk(meta, result.usage));
      sse.done();
      sse.end();
    } catch (error) {
      if (!sse.opened) throw error;
      // Mid-stream, the only way left to report a failure is an error object in the stream.
      sse.data(mapError(error, response).body);
      sse.end();
    }
  }

  function sendError(response: http.ServerResponse, error: unknown) {
    const mapped = mapError(error, response);
    if (response.headersSent) return void response.end();
    sendJson(response, mapped.status, mapped.body, mapped.headers);
  }

  return { authenticate, serve, sendError };
}
