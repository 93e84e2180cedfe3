// Generation for base (completion-style) models through the legacy /completions endpoint.
import type { CallOptions, TextRequest, TextResponse } from '../../core/model.js';
import { callProvider, withIdleTimeout, type OpenAICallContext } from './call-context.js';
import { CallerError, malformedResponse } from './map-error.js';
import { CompletionChunkSchema, CompletionSchema, describeIssue, toUsage } from './wire-schemas.js';

export async function generateCompletion(
  context: OpenAICallContext,
  prompt: string,
  request: TextRequest,
  options: CallOptions = {},
): Promise<TextResponse> {
  const { signal, onText } = options;
  const body = {
    model: context.remoteModel,
    prompt,
    temperature: request.temperature,
    top_p: request.topP,
    max_tokens: request.maxTokens,
    ...(request.stop.length > 0 ? { stop: request.stop } : {}),
  };
  return callProvider(context, signal, async () => {
    if (!onText) {
      const raw = await context.client.completions.create({ ...body, stream: false }, { signal });
      const parsed = CompletionSchema.safeParse(raw);
      if (!parsed.success) throw malformedResponse(context, describeIssue(parsed.error));
      const choice = parsed.data.choices[0]!;
      return {
        text: choice.text,
        finishReason: choice.finish_reason ?? null,
        usage: parsed.data.usage ? toUsage(parsed.data.usage) : localUsage(context, prompt, choice.text),
      };
    }

    const stream = await context.client.completions.create(
      { ...body, stream: true, stream_options: { include_usage: true } },
      { signal },
    );
    let text = '';
    let finishReason: string | null = null;
    let usage = null;
    for await (const rawChunk of withIdleTimeout(context, stream)) {
      const parsed = CompletionChunkSchema.safeParse(rawChunk);
      if (!parsed.success) throw malformedResponse(context, `stream chunk ${describeIssue(parsed.error)}`);
      if (parsed.data.usage) usage = toUsage(parsed.data.usage);
      const choice = parsed.data.choices[0];
      if (!choice) continue;
      if (choice.text) {
        text += choice.text;
        try {
          onText(choice.text);
        } catch (error) {
          throw new CallerError(error);
        }
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
    if (signal?.aborted) return { text, finishReason, usage: usage ?? localUsage(context, prompt, text) };
    // Without a finish reason the server hung up mid-answer: the text may be cut short.
    if (finishReason === null) throw malformedResponse(context, 'the stream ended before the model finished');
    return { text, finishReason, usage: usage ?? localUsage(context, prompt, text) };
  });
}

function localUsage(context: OpenAICallContext, prompt: string, text: string) {
  return { promptTokens: context.countTokens(prompt), completionTokens: context.countTokens(text) };
}
