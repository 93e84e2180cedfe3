// The request body of POST /v1/responses (OpenAI's Responses API) as far as the sandbox honours it:
// text in (`input` as a string or as message items, `instructions`), text out, the sampling
// settings. The gateway keeps no state (store: false), so anything that needs a stored response
// or a feature the sandbox cannot run (tools, files and images, reasoning items, structured
// output) is refused with a 400 whose path names the field, never silently ignored. Unknown
// fields are accepted, as on the other endpoints (SDKs send many, such as `user`).
import { z } from 'zod';

/** A field the sandbox cannot honour: accepted only when absent or empty. */
const refused = (message: string) =>
  z
    .unknown()
    .refine((value) => value === undefined || value === null || value === false || (Array.isArray(value) && value.length === 0), message)
    .optional();

const TEXT_PARTS = new Set(['input_text', 'output_text']);

/** One piece of a message's content: text only. */
const ContentPartSchema = z
  .object({
    type: z.string().refine((type) => TEXT_PARTS.has(type), {
      error: (issue) => `${JSON.stringify(issue.input)} content is not supported by the sandbox gateway: send text (input_text) only`,
    }),
    text: z.string(),
  })
  .loose();

/** A string content is the short form of one text part. */
const ContentSchema = z.preprocess(
  (content) => (typeof content === 'string' ? [{ type: 'input_text', text: content }] : content),
  z.array(ContentPartSchema).max(1000),
);

/** A message item; any other item (function calls and outputs, reasoning, item references) is refused by its `type`. */
const InputItemSchema = z
  .object({
    type: z
      .string()
      .refine((type) => type === 'message', {
        error: (issue) => `${JSON.stringify(issue.input)} input items are not supported by the sandbox gateway: send messages (role and text content) only`,
      })
      .optional(),
    role: z.enum(['user', 'assistant', 'system', 'developer']),
    content: ContentSchema,
  })
  .loose();

/** A string input is the short form of one user message. */
const InputSchema = z.preprocess(
  (input) => (typeof input === 'string' ? [{ role: 'user', content: input }] : input),
  z.array(InputItemSchema).min(1, 'send at least one input message').max(1000),
);

export const ResponsesBodySchema = z
  .object({
    model: z.string().min(1).max(200),
    input: InputSchema,
    instructions: z.string().nullish(),
    max_output_tokens: z.number().int().positive().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().gt(0).max(1).nullish(),
    stream: z.boolean().nullish(),
    // Nothing is stored either way (the usage log aside); the answer says `store: false`.
    store: z.boolean().nullish(),
    metadata: z.record(z.string().max(64), z.string().max(512)).nullish(),
    previous_response_id: refused(
      'previous_response_id is not supported: the sandbox gateway does not store responses (store: false); send the whole conversation in `input`',
    ),
    conversation: refused('conversation is not supported: the sandbox gateway does not store conversations; send the whole conversation in `input`'),
    background: refused('background responses are not supported by the sandbox gateway'),
    prompt: refused('stored prompt templates are not supported by the sandbox gateway; send the text in `instructions` and `input`'),
    tools: refused('tools are not supported by the sandbox gateway'),
    tool_choice: z
      .unknown()
      .refine((value) => value === undefined || value === null || value === 'auto' || value === 'none', 'tool_choice is not supported by the sandbox gateway')
      .optional(),
    reasoning: refused('reasoning settings are not supported by the sandbox gateway'),
    include: refused('include is not supported by the sandbox gateway'),
    top_logprobs: z.literal(0, 'top_logprobs is not supported by the sandbox gateway').nullish(),
    text: z
      .object({
        format: z
          .object({ type: z.literal('text', 'only text output (format type "text") is supported by the sandbox gateway') })
          .loose()
          .nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();
export type ResponsesBody = z.infer<typeof ResponsesBodySchema>;
