// The OpenAI wire format the gateway answers in: completion objects, stream chunks, error bodies.
// Shapes follow the OpenAI API reference closely enough for the official SDKs to parse them.
import { randomFillSync } from 'node:crypto';
import type { Usage } from '../core/model.js';

export type OpenAIErrorBody = { error: { message: string; type: string; param: string | null; code: string | null } };

export function openAIError(message: string, type: string, code: string | null = null, param: string | null = null): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

// Ids take 12 random bytes each from a pool filled 4 KiB at a time: one call into the system's
// random source per 341 ids instead of one per request (it showed in the gateway's profile).
// Request ids, response ids and message ids draw from the same pool.
const ID_BYTES = 12;
const pool = Buffer.alloc(4096 - (4096 % ID_BYTES));
let poolAt = pool.length;

function randomPart(): string {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const id = pool.toString('base64url', poolAt, poolAt + ID_BYTES);
  poolAt += ID_BYTES;
  return id;
}

export function completionId(prefix: 'chatcmpl' | 'cmpl'): string {
  return `${prefix}-${randomPart()}`;
}

/** Ids in the Responses API's style (`resp_...`, `msg_...`) and the `x-request-id` of every /v1 answer (`req_...`). */
export function objectId(prefix: 'resp' | 'msg' | 'req'): string {
  return `${prefix}_${randomPart()}`;
}

function usageOf(usage: Usage) {
  return { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens };
}

type Meta = { id: string; created: number; model: string };

export function chatCompletion(meta: Meta, text: string, finishReason: string | null, usage: Usage) {
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: finishReason ?? 'stop' }],
    usage: usageOf(usage),
  };
}

/**
 * With `include_usage`, OpenAI sends `usage: null` on every chunk before the final usage chunk
 * (clients that read `chunk.usage` on each chunk rely on the key being there); without it, no key.
 */
const usageKey = (includeUsage: boolean) => (includeUsage ? { usage: null } : {});

export function chatChunk(meta: Meta, delta: { role?: 'assistant'; content?: string }, finishReason: string | null, includeUsage = false) {
  return {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...usageKey(includeUsage),
  };
}

export function chatUsageChunk(meta: Meta, usage: Usage) {
  return { id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, choices: [], usage: usageOf(usage) };
}

export function textCompletion(meta: Meta, text: string, finishReason: string | null, usage: Usage) {
  return {
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, text, logprobs: null, finish_reason: finishReason ?? 'stop' }],
    usage: usageOf(usage),
  };
}

export function textChunk(meta: Meta, text: string, finishReason: string | null, includeUsage = false) {
  return {
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, text, logprobs: null, finish_reason: finishReason }],
    ...usageKey(includeUsage),
  };
}

export function textUsageChunk(meta: Meta, usage: Usage) {
  return { id: meta.id, object: 'text_completion', created: meta.created, model: meta.model, choices: [], usage: usageOf(usage) };
}
