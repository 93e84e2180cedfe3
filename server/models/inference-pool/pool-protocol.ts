// What crosses the thread boundary between the HTTP thread and a pool member: one request per
// model call, one envelope back. The member validates every request with these schemas (a thread
// boundary is an edge like any other); the main thread builds them from already-validated values.
import { z } from 'zod';
import { TransformersProviderSchema } from '../models-config.js';
import type { Said } from '../../shared/messages/say.js';

/** Which model a call is for: the models.yaml entries, so the member builds exactly what the registry would. */
export const PoolTargetSchema = z.object({
  provider: TransformersProviderSchema.extend({ name: z.string().min(1) }),
  model: z
    .object({
      id: z.string().min(1),
      provider: z.string().min(1),
      model: z.string().min(1),
      kind: z.enum(['text', 'image-text']),
      style: z.enum(['completion', 'chat']).optional(),
      label: z.string(),
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .loose(),
});

const ChatMessageSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });
const RenderedPromptSchema = z.discriminatedUnion('style', [
  z.object({ style: z.literal('completion'), text: z.string() }),
  z.object({ style: z.literal('chat'), messages: z.array(ChatMessageSchema) }),
]);

const ImageInputSchema = z.union([
  z.object({ path: z.string().min(1) }),
  z.object({ bytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array), name: z.string().optional() }),
]);

export const PoolCallSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('ready') }),
  z.object({
    op: z.literal('generate'),
    request: z.object({
      prompt: RenderedPromptSchema,
      temperature: z.number(),
      topP: z.number(),
      maxTokens: z.number(),
      stop: z.array(z.string()),
    }),
  }),
  z.object({ op: z.literal('scoreChoices'), prompt: RenderedPromptSchema, choices: z.array(z.string()) }),
  z.object({ op: z.literal('embedTexts'), texts: z.array(z.string()) }),
  z.object({ op: z.literal('embedImages'), images: z.array(ImageInputSchema) }),
]);

export type PoolTarget = z.infer<typeof PoolTargetSchema>;
export type PoolCall = z.infer<typeof PoolCallSchema>;

/** Messages from the pool to a member (over the child process's IPC channel). */
export const ToMemberSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('call'),
    id: z.number().int(),
    target: PoolTargetSchema,
    call: PoolCallSchema,
    /** The member sends the text as it is generated (`delta` messages) before the result. */
    stream: z.boolean(),
  }),
  z.object({ type: z.literal('cancel'), id: z.number().int() }),
]);

export type ToMember = z.infer<typeof ToMemberSchema>;

/** Messages from a member to the pool. One IPC channel carries them in order: every delta arrives before its result. */
export type FromMember = { type: 'ready' } | { type: 'delta'; id: number; delta: string } | { type: 'result'; id: number; envelope: PoolEnvelope };

/** A SandboxError (or anything else) as plain data: typed errors lose their classes in a structured clone. */
export type SerializedError = {
  code: string | null;
  message: string;
  status?: number | null;
  retryable?: boolean;
  details?: unknown;
  /** The error's sentences by code (plain data: they cross the thread boundary as they are). */
  said?: Said[];
};

/** Embeddings come back as one [rows, size] buffer: one structured-clone copy over IPC rather than one per vector. */
export type PackedEmbeddings = { rows: number; size: number; data: Float32Array };

export type PoolEnvelope = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** What a member needs to build models like the in-process factory does (SANDBOX_MODELS_DIR, SANDBOX_OFFLINE). */
export const MemberSettingsSchema = z.object({
  modelsDir: z.string().min(1),
  offline: z.boolean(),
  root: z.string().min(1),
  /** onnxruntime intra-op threads per session: the pool's share of the cores for one member (member-threads.ts). */
  sessionThreads: z.number().int().positive().optional(),
});

export type MemberSettings = z.infer<typeof MemberSettingsSchema>;
