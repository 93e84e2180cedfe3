// Generation for base (completion-style) models through the legacy /completions endpoint. The
// request body and the reading of answers are shared with the gateway's forwarding path.
import type { CallOptions, CallProgress, TextRequest, TextResponse, Usage } from '../../core/model.js';
import { callProvider, withIdleTimeout, type OpenAICallContext } from './call-context.js';
import { CallerError, malformedResponse, type ProviderContext } from './map-error.js';
import type { StreamReader } from './stream-reader.js';
import { CompletionChunkSchema, CompletionSchema, describeIssue, toUsage } from './wire-schemas.js';

type CompletionContext = ProviderContext & Pick<OpenAICallContext, 'remoteModel' | 'countTokens'>;

export function completionRequestBody(context: CompletionContext, prompt: string, request: TextRequest) {
  return {
    model: context.remoteModel,
    prompt,
    temperature: request.temperature,
    top_p: request.topP,
    max_tokens: request.maxTokens,
    ...(request.stop.length > 0 ? { stop: request.stop } : {}),
  };
}

/** A whole (non-streamed) completion as the answer; malformed when a needed field is missing. */
export function readCompletion(context: CompletionContext, prompt: string, raw: unknown): TextResponse {
  const parsed = CompletionSchema.safeParse(raw);
  if (!parsed.success) throw malformedResponse(context, describeIssue(parsed.error));
  const choice = parsed.data.choices[0]!;
  return {
    text: choice.text,
    finishReason: choice.finish_reason ?? null,
    usage: parsed.data.usage ? toUsage(parsed.data.usage) : localUsage(context, prompt, choice.text),
  };
}

/** Folds streamed completion chunks into the answer, handing each piece of text to `onText` and the reported usage to `progress`. */
export function completionStreamReader(context: CompletionContext, prompt: string, onText: (delta: string) => void, progress?: CallProgress): StreamReader {
  let text = '';
  let finishReason: string | null = null;
  let usage: Usage | null = null;
  return {
    push(rawChunk) {
      const parsed = CompletionChunkSchema.safeParse(rawChunk);
      if (!parsed.success) throw malformedResponse(context, `stream chunk ${describeIssue(parsed.error)}`);
      if (parsed.data.usage) {
        usage = toUsage(parsed.data.usage);
        progress?.usage(usage);
      }
      const choice = parsed.data.choices[0];
      if (!choice) return;
      if (choice.text) {
        text += choice.text;
        try {
          onText(choice.text);
        } catch (error) {
          throw new CallerError(error);
        }
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    },
    result(signal) {
      if (signal?.aborted) return { text, finishReason, usage: usage ?? localUsage(context, prompt, text) };
      // Without a finish reason the server hung up mid-answer: the text may be cut short.
      if (finishReason === null) throw malformedResponse(context, 'the stream ended before the model finished');
      return { text, finishReason, usage: usage ?? localUsage(context, prompt, text) };
    },
  };
}

export async function generateCompletion(context: OpenAICallContext, prompt: string, request: TextRequest, options: CallOptions = {}): Promise<TextResponse> {
  const { signal, onText, progress } = options;
  const body = completionRequestBody(context, prompt, request);
  return callProvider(context, signal, async () => {
    if (!onText) {
      const raw = await context.client.completions.create({ ...body, stream: false }, { signal });
      return readCompletion(context, prompt, raw);
    }

    const stream = await context.client.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal });
    // The stream's headers are in: the provider is generating (and billing) from here on.
    progress?.answered();
    const reader = completionStreamReader(context, prompt, onText, progress);
    for await (const rawChunk of withIdleTimeout(context, stream)) reader.push(rawChunk);
    return reader.result(signal);
  });
}

function localUsage(context: CompletionContext, prompt: string, text: string) {
  return { promptTokens: context.countTokens(prompt), completionTokens: context.countTokens(text) };
}
