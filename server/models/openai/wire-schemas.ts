// The parts of OpenAI responses we rely on, checked at run time: OpenAI-compatible servers (and
// truncated bodies) do not always match the SDK's static types, and a missing field must become a
// clear "malformed response" instead of a TypeError deep inside grading.
import { z } from 'zod';
import type { Usage } from '../../core/model.js';

export const UsageSchema = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
});

const TopLogprobSchema = z.object({ token: z.string(), logprob: z.number() });

export const TokenLogprobSchema = z.object({
  token: z.string(),
  logprob: z.number(),
  top_logprobs: z.array(TopLogprobSchema).nullish(),
});
export type TokenLogprob = z.infer<typeof TokenLogprobSchema>;

export const ChatCompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish() }),
        finish_reason: z.string().nullish(),
        logprobs: z.object({ content: z.array(TokenLogprobSchema).nullish() }).nullish(),
      }),
    )
    .min(1),
  usage: UsageSchema.nullish(),
});

export const ChatChunkSchema = z.object({
  choices: z.array(
    z.object({
      delta: z.object({ content: z.string().nullish() }).nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: UsageSchema.nullish(),
});

export const CompletionLogprobsSchema = z.object({
  tokens: z.array(z.string()),
  // The first token of an echoed prompt has no logprob (null): nothing precedes it.
  token_logprobs: z.array(z.number().nullable()),
  text_offset: z.array(z.number()).nullish(),
});

export const CompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        index: z.number().int().nonnegative().optional(),
        text: z.string(),
        finish_reason: z.string().nullish(),
        logprobs: CompletionLogprobsSchema.nullish(),
      }),
    )
    .min(1),
  usage: UsageSchema.nullish(),
});

export const CompletionChunkSchema = z.object({
  choices: z.array(z.object({ text: z.string().nullish(), finish_reason: z.string().nullish() })),
  usage: UsageSchema.nullish(),
});

export function toUsage(usage: z.infer<typeof UsageSchema>): Usage {
  return { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens };
}

/** First issue of a failed parse as "path: message", for the malformed-response error. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const path = issue.path.length ? issue.path.join('.') : '(root)';
  return `${path}: ${issue.message}`;
}
