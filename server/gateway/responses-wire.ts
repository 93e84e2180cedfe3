// The Responses API's wire format as the gateway answers it: the `response` object (one assistant
// message with one output_text part) and, for `stream: true`, its semantic events in OpenAI's
// order (created, in_progress, output_item.added, content_part.added, output_text.delta...,
// output_text.done, content_part.done, output_item.done, then completed / incomplete / failed),
// each with its `sequence_number`. Shapes follow the `openai` SDK's types (resources/responses),
// so its stream accumulator (`client.responses.stream(...).finalResponse()`) rebuilds the answer.
import type { Usage } from '../core/model.js';

export type ResponseMeta = {
  id: string;
  messageId: string;
  createdAt: number;
  model: string;
  instructions: string | null;
  maxOutputTokens: number | null;
  temperature: number;
  topP: number;
  metadata: Record<string, string>;
};

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';
export type ResponseFailure = { code: string; message: string };

/** A finish reason of the model call as the response's status (and why it is incomplete). */
export function statusOf(finishReason: string | null): { status: 'completed' | 'incomplete'; reason: 'max_output_tokens' | 'content_filter' | null } {
  if (finishReason === 'length') return { status: 'incomplete', reason: 'max_output_tokens' };
  if (finishReason === 'content_filter') return { status: 'incomplete', reason: 'content_filter' };
  return { status: 'completed', reason: null };
}

function usageOf(usage: Usage) {
  return {
    input_tokens: usage.promptTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: usage.completionTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

const textPart = (text: string) => ({ type: 'output_text' as const, text, annotations: [], logprobs: [] });

function message(meta: ResponseMeta, text: string | null, status: 'in_progress' | 'completed' | 'incomplete') {
  return { id: meta.messageId, type: 'message' as const, status, role: 'assistant' as const, content: text === null ? [] : [textPart(text)] };
}

type ResponseState = {
  status: ResponseStatus;
  /** The message's text; null before the message exists. */
  text: string | null;
  usage?: Usage | null;
  error?: ResponseFailure | null;
  incompleteReason?: 'max_output_tokens' | 'content_filter' | null;
};

/** The `response` object, whole (the non-streamed answer) or as a stream event carries it. */
export function responseObject(meta: ResponseMeta, state: ResponseState) {
  const messageStatus = state.status === 'incomplete' ? 'incomplete' : state.status === 'completed' ? 'completed' : 'in_progress';
  return {
    id: meta.id,
    object: 'response' as const,
    created_at: meta.createdAt,
    status: state.status,
    background: false,
    error: state.error ?? null,
    incomplete_details: state.incompleteReason ? { reason: state.incompleteReason } : null,
    instructions: meta.instructions,
    max_output_tokens: meta.maxOutputTokens,
    model: meta.model,
    output: state.text === null ? [] : [message(meta, state.text, messageStatus)],
    parallel_tool_calls: false,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    // The sandbox never stores a response (beyond its usage log), whatever the request asked.
    store: false,
    temperature: meta.temperature,
    text: { format: { type: 'text' } },
    tool_choice: 'none',
    tools: [],
    top_p: meta.topP,
    truncation: 'disabled',
    usage: state.usage ? usageOf(state.usage) : null,
    user: null,
    metadata: meta.metadata,
  };
}

/** The whole answer of a non-streamed call. */
export function completedResponse(meta: ResponseMeta, text: string, finishReason: string | null, usage: Usage) {
  const { status, reason } = statusOf(finishReason);
  return responseObject(meta, { status, text, usage, incompleteReason: reason });
}

/** The events of one streamed response, numbered in the order they are made. */
export function createResponseEvents(meta: ResponseMeta) {
  let sequence = 0;
  const event = <T extends object>(type: string, body: T) => ({ type, sequence_number: sequence++, ...body });
  const at = { item_id: meta.messageId, output_index: 0, content_index: 0 };
  return {
    /** response.created, response.in_progress, the message and its text part opened. */
    opening() {
      const response = responseObject(meta, { status: 'in_progress', text: null });
      return [
        event('response.created', { response }),
        event('response.in_progress', { response }),
        event('response.output_item.added', { output_index: 0, item: message(meta, null, 'in_progress') }),
        event('response.content_part.added', { item_id: meta.messageId, output_index: 0, content_index: 0, part: textPart('') }),
      ];
    },
    delta(text: string) {
      return event('response.output_text.delta', { ...at, delta: text, logprobs: [] });
    },
    /** The text, part and message closed, then response.completed or response.incomplete with the usage. */
    closing(text: string, finishReason: string | null, usage: Usage) {
      const { status, reason } = statusOf(finishReason);
      return [
        event('response.output_text.done', { ...at, text, logprobs: [] }),
        event('response.content_part.done', { item_id: meta.messageId, output_index: 0, content_index: 0, part: textPart(text) }),
        event('response.output_item.done', { output_index: 0, item: message(meta, text, status) }),
        event(`response.${status}`, { response: responseObject(meta, { status, text, usage, incompleteReason: reason }) }),
      ];
    },
    /**
     * A failure after the stream opened: an `error` event (what the AI SDK and LangChain surface)
     * and `response.failed` carrying the same error (what ends the response for the openai SDK).
     */
    failure(text: string, error: ResponseFailure) {
      return [
        event('error', { code: error.code, message: error.message, param: null }),
        event('response.failed', { response: responseObject(meta, { status: 'failed', text, error }) }),
      ];
    },
  };
}
