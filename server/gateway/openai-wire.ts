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
const ID_BYTES = 12;
const pool = Buffer.alloc(4096 - (4096 % ID_BYTES));
let poolAt = pool.length;

export function completionId(prefix: 'chatcmpl' | 'cmpl'): string {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const id = pool.toString('base64url', poolAt, poolAt + ID_BYTES);
  poolAt += ID_BYTES;
  return `${prefix}-${id}`;
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

export function chatChunk(meta: Meta, delta: { role?: 'assistant'; content?: string }, finishReason: string | null) {
  return {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
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

export function textChunk(meta: Meta, text: string, finishReason: string | null) {
  return {
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, text, logprobs: null, finish_reason: finishReason }],
  };
}

export function textUsageChunk(meta: Meta, usage: Usage) {
  return { id: meta.id, object: 'text_completion', created: meta.created, model: meta.model, choices: [], usage: usageOf(usage) };
}
