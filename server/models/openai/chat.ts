// Generation for chat-style models through /chat/completions, streamed when the caller wants text
// as it arrives. The request body and the reading of answers are shared with the gateway's
// forwarding path (forward.ts), so both send and accept exactly the same things.
import type { ChatMessage, CallOptions, CallProgress, TextRequest, TextResponse, Usage } from '../../core/model.js';
import { callProvider, withIdleTimeout, chatMaxTokens, type OpenAICallContext } from './call-context.js';
import { CallerError, malformedResponse, type ProviderContext } from './map-error.js';
import { countChatTokens } from './tokenizer.js';
import { ChatChunkSchema, ChatCompletionSchema, describeIssue, toUsage } from './wire-schemas.js';
import type { StreamReader } from './stream-reader.js';

type ChatContext = ProviderContext & Pick<OpenAICallContext, 'remoteModel' | 'maxTokensParam' | 'countTokens'>;

export function chatRequestBody(context: ChatContext, messages: ChatMessage[], request: TextRequest) {
  return {
    model: context.remoteModel,
    messages,
    temperature: request.temperature,
    top_p: request.topP,
    ...chatMaxTokens(context.maxTokensParam, request.maxTokens),
    // OpenAI rejects an empty stop list on some models; leave it out instead.
    ...(request.stop.length > 0 ? { stop: request.stop } : {}),
  };
}

/** A whole (non-streamed) chat completion as the answer; malformed when a needed field is missing. */
export function readChatCompletion(context: ChatContext, messages: ChatMessage[], raw: unknown): TextResponse {
  const parsed = ChatCompletionSchema.safeParse(raw);
  if (!parsed.success) throw malformedResponse(context, describeIssue(parsed.error));
  const choice = parsed.data.choices[0]!;
  const text = choice.message.content ?? '';
  return {
    text,
    finishReason: choice.finish_reason ?? null,
    usage: parsed.data.usage ? toUsage(parsed.data.usage) : localUsage(context, messages, text),
  };
}

/**
 * Folds streamed chat chunks into the answer, handing each piece of text to `onText` and the
 * reported usage to `progress` (so that a stream cut after its usage chunk is charged by it).
 */
export function chatStreamReader(context: ChatContext, messages: ChatMessage[], onText: (delta: string) => void, progress?: CallProgress): StreamReader {
  let text = '';
  let finishReason: string | null = null;
  let usage: Usage | null = null;
  return {
    push(rawChunk) {
      const parsed = ChatChunkSchema.safeParse(rawChunk);
      if (!parsed.success) throw malformedResponse(context, `stream chunk ${describeIssue(parsed.error)}`);
      const chunk = parsed.data;
      if (chunk.usage) {
        usage = toUsage(chunk.usage);
        progress?.usage(usage);
      }
      const choice = chunk.choices[0];
      if (!choice) return;
      const delta = choice.delta?.content;
      if (delta) {
        text += delta;
        try {
          onText(delta);
        } catch (error) {
          throw new CallerError(error);
        }
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    },
    result(signal) {
      if (signal?.aborted) return { text, finishReason, usage: usage ?? localUsage(context, messages, text) };
      // A server that hangs up cleanly mid-answer still ends the stream: without a finish reason the
      // text may be cut short, so it must not be graded.
      if (finishReason === null) throw malformedResponse(context, 'the stream ended before the model finished');
      return { text, finishReason, usage: usage ?? localUsage(context, messages, text) };
    },
  };
}

export async function generateChat(
  context: OpenAICallContext,
  messages: ChatMessage[],
  request: TextRequest,
  options: CallOptions = {},
): Promise<TextResponse> {
  const { signal, onText, progress } = options;
  const body = chatRequestBody(context, messages, request);
  return callProvider(context, signal, async () => {
    if (!onText) {
      const raw = await context.client.chat.completions.create({ ...body, stream: false }, { signal });
      return readChatCompletion(context, messages, raw);
    }

    const stream = await context.client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal });
    // The stream's headers are in: the provider is generating (and billing) from here on.
    progress?.answered();
    const reader = chatStreamReader(context, messages, onText, progress);
    for await (const rawChunk of withIdleTimeout(context, stream)) reader.push(rawChunk);
    return reader.result(signal);
  });
}

/** Usage for servers that report none (some OpenAI-compatible servers omit it when streaming). */
function localUsage(context: ChatContext, messages: ChatMessage[], text: string) {
  return {
    promptTokens: countChatTokens(messages, context.countTokens),
    completionTokens: context.countTokens(text),
  };
}
