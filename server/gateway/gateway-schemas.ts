// Request bodies of the OpenAI-compatible gateway. Unknown fields are accepted (SDKs send many, such
// as `user` or `seed`), but fields whose meaning the sandbox cannot honour are refused with a
// clear message instead of being silently ignored.
import { z } from 'zod';

const StopSchema = z.union([z.string(), z.array(z.string()).max(4, 'at most 4 stop sequences')]).nullish();

const unsupported = (what: string) =>
  z
    .unknown()
    .refine(
      (value) => value === undefined || value === null || value === false || (Array.isArray(value) && value.length === 0),
      `${what} is not supported by the sandbox gateway`,
    )
    .optional();

const common = {
  model: z.string().min(1).max(200),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  stop: StopSchema,
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).loose().nullish(),
  n: z.literal(1, 'only n = 1 is supported by the sandbox gateway').nullish(),
  logprobs: unsupported('logprobs'),
};

const ContentPartSchema = z.object({ type: z.literal('text', 'only text content parts are supported'), text: z.string() }).loose();

export const ChatCompletionBodySchema = z
  .object({
    ...common,
    messages: z
      .array(
        z
          .object({
            role: z.enum(['system', 'developer', 'user', 'assistant']),
            content: z.union([z.string(), z.array(ContentPartSchema), z.null()]),
          })
          .loose(),
      )
      .min(1)
      .max(1000),
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    tools: unsupported('tools'),
    functions: unsupported('functions'),
    top_logprobs: unsupported('top_logprobs'),
  })
  .loose();
export type ChatCompletionBody = z.infer<typeof ChatCompletionBodySchema>;

export const CompletionBodySchema = z
  .object({
    ...common,
    prompt: z
      .union([z.string(), z.array(z.string())])
      .refine((prompt) => typeof prompt === 'string' || prompt.length === 1, 'send one prompt per request (a string)'),
    max_tokens: z.number().int().positive().nullish(),
    echo: unsupported('echo'),
    suffix: unsupported('suffix'),
    best_of: z.literal(1, 'best_of is not supported by the sandbox gateway').nullish(),
  })
  .loose();
export type CompletionBody = z.infer<typeof CompletionBodySchema>;
