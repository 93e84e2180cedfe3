// POST /v1/responses: OpenAI's Responses API (what the openai SDK's `responses.create` and the
// Vercel AI SDK's default `openai(model)` call) mapped onto the same chat call as
// /v1/chat/completions, with the same authentication, model policy, token cap, budgets, rate
// limit, concurrency cap and usage log (the handler's GatewayCall). `instructions` becomes the
// system message, the input items the conversation. Nothing is stored (store: false): there is no
// response to fetch, continue or cancel later, and `previous_response_id` is refused.
import type http from 'node:http';
import type { User } from '../core/api.js';
import type { ChatMessage, TextModel, TextRequest } from '../core/model.js';
import * as wire from '../gateway/openai-wire.js';
import { ResponsesBodySchema, type ResponsesBody } from '../gateway/responses-schemas.js';
import { completedResponse, createResponseEvents, type ResponseMeta } from '../gateway/responses-wire.js';
import type { ModelCaller } from '../grading/model-caller.js';
import { invalidBody, sendJson, type GatewayCall } from './gateway-call.js';
import { eventStream } from './sse.js';

/** The conversation the model receives: instructions first, then each input message's text. */
export function responsesMessages(body: ResponsesBody): ChatMessage[] {
  const messages: ChatMessage[] = body.instructions ? [{ role: 'system', content: body.instructions }] : [];
  for (const item of body.input) {
    messages.push({ role: item.role === 'developer' ? 'system' : item.role, content: item.content.map((part) => part.text).join('') });
  }
  return messages;
}

export async function serveResponses(call: GatewayCall, user: User, raw: unknown, response: http.ServerResponse): Promise<void> {
  const parsed = ResponsesBodySchema.safeParse(raw ?? null);
  if (!parsed.success) throw invalidBody(parsed.error);
  const body = parsed.data;
  const maxTokens = call.maxTokensOf(body.max_output_tokens, call.deps.config.gatewayMaxTokens, 'max_output_tokens');
  const model = await call.textModel(body.model, 'responses');
  const textRequest: TextRequest = {
    prompt: { style: 'chat', messages: responsesMessages(body) },
    temperature: body.temperature ?? 1,
    topP: body.top_p ?? 1,
    maxTokens,
    stop: [],
  };
  const meta: ResponseMeta = {
    id: wire.objectId('resp'),
    messageId: wire.objectId('msg'),
    createdAt: Math.floor(call.deps.clock.now() / 1000),
    model: model.id,
    instructions: body.instructions ?? null,
    maxOutputTokens: body.max_output_tokens ?? null,
    temperature: textRequest.temperature,
    topP: textRequest.topP,
    metadata: body.metadata ?? {},
  };
  const streaming = Boolean(body.stream);
  await call.withCaller(user, model.id, streaming, response, async (caller) => {
    if (!streaming) {
      const { value } = await caller.generate(model, textRequest, { forward: true });
      sendJson(response, 200, completedResponse(meta, value.text, value.finishReason, value.usage));
      return;
    }
    await stream(call, response, meta, caller, model, textRequest);
  });
}

/**
 * The Responses event stream (`event: <type>` and `data: <json>` per event, no `[DONE]`). It opens
 * with the first piece of text, so a refusal before the model answers (budget, rate limit, an
 * unavailable model) is still a plain HTTP error the SDKs raise; a failure after that is an `error`
 * event and `response.failed`.
 */
async function stream(call: GatewayCall, response: http.ServerResponse, meta: ResponseMeta, caller: ModelCaller, model: TextModel, request: TextRequest) {
  const events = createResponseEvents(meta);
  let text = '';
  const sse = eventStream(response, {
    onOpen: (opening) => {
      for (const event of events.opening()) opening.send(event.type, event);
    },
  });
  try {
    const { value } = await caller.generate(model, request, {
      forward: true,
      onText: (delta) => {
        text += delta;
        // Opening first: the opening events take the first sequence numbers.
        sse.open();
        const event = events.delta(delta);
        sse.send(event.type, event);
      },
    });
    sse.open();
    for (const event of events.closing(value.text, value.finishReason, value.usage)) sse.send(event.type, event);
    sse.end();
  } catch (error) {
    if (!sse.opened) throw error;
    if (response.writableEnded) return;
    const mapped = call.mapError(error, response);
    const code = mapped.status === 429 ? 'rate_limit_exceeded' : 'server_error';
    for (const event of events.failure(text, { code, message: mapped.body.error.message })) sse.send(event.type, event);
    sse.end();
  }
}
