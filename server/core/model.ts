// The model contract: what grading and the server need from any provider (OpenAI-compatible HTTP,
// transformers.js, ...). Providers live in server/models/; nothing here does I/O.
import { z } from 'zod';

export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

/** Exactly what a model receives: one completion prompt, or chat messages. */
export type RenderedPrompt = { style: 'completion'; text: string } | { style: 'chat'; messages: ChatMessage[] };

export type TextRequest = {
  prompt: RenderedPrompt;
  temperature: number;
  topP: number;
  maxTokens: number;
  stop: string[];
};

export type Usage = { promptTokens: number; completionTokens: number };

export type TextResponse = {
  text: string;
  usage: Usage;
  finishReason: string | null;
};

/**
 * Who is waiting for a call. A provider with a shared queue (the local inference pool) runs
 * `interactive` calls (a playground run, a dev run a student watches, the gateway) before `batch`
 * calls (submission grading), so a student is never starved behind a class's submissions.
 * Providers without a queue ignore it. Absent means interactive.
 */
export type CallPriority = 'interactive' | 'batch';

export type CallOptions = {
  signal?: AbortSignal;
  priority?: CallPriority;
  /**
   * Called at once by a provider that queues the call (the local inference pool), with a promise
   * that settles when the call starts running. A caller's per-request timeout measures the model,
   * not the wait for a free worker: a class's submissions queued behind each other must not time out.
   */
  onQueued?: (started: Promise<void>) => void;
  /** Called with each piece of text as it streams in. Providers that cannot stream call it once. */
  onText?: (delta: string) => void;
  /** Told how far the provider got, so that a call failing half-way is still charged for it. */
  progress?: CallProgress;
};

/**
 * What a provider reports while a call runs (grading/attempt-cost.ts turns it into a charge when
 * the call then fails). Providers that cannot tell call neither; both may be called more than once.
 */
export type CallProgress = {
  /** The provider accepted the request and its answer began to arrive (a 2xx status): it is working, and billing, on it. */
  answered(): void;
  /** The provider reported the call's usage (a stream's usage chunk). */
  usage(usage: Usage): void;
};

export type ChoiceScores = {
  /** Log-likelihood of each choice as a continuation of the prompt, in the order given. */
  logprobs: number[];
  usage: Usage;
};

export const ModelStyleSchema = z.enum(['completion', 'chat']);

export interface TextModel {
  readonly id: string;
  readonly kind: 'text';
  readonly style: 'completion' | 'chat';
  /** Identifies provider, endpoint and remote model name: the response cache keys on it. */
  readonly fingerprint: string;
  generate(request: TextRequest, options?: CallOptions): Promise<TextResponse>;
  /**
   * The same call as generate by a leaner path, for a caller that passes an OpenAI-wire request
   * straight through (the /v1 gateway): same request sent, same answers, errors and progress
   * reports, less CPU per call. Absent when the provider has no such path; generate is then the way.
   */
  forward?(request: TextRequest, options?: CallOptions): Promise<TextResponse>;
  /** Log-likelihood of each choice after the prompt; absent when the provider cannot compute it. */
  scoreChoices?(prompt: RenderedPrompt, choices: string[], options?: CallOptions): Promise<ChoiceScores>;
  /** Token count with the model's own tokenizer, or an estimate when it is not known. */
  countTokens(text: string): number;
  /**
   * A bound countTokens never exceeds, computed without loading the tokenizer (for byte-level BPE,
   * the text's UTF-8 length): a prompt that fits by it needs no exact count. Absent: count exactly.
   */
  maxTokens?(text: string): number;
  /** Loads what the model needs locally (weights, tokenizer); awaited before countTokens is used. */
  ready?(): Promise<void>;
  /**
   * Loads only what countTokens needs (a local model's tokenizer library), far less than ready():
   * awaited instead of ready() by a caller that counts tokens without calling the model.
   */
  prepareTokenizer?(): Promise<void>;
}

export type ImageInput = { path: string } | { bytes: Uint8Array; name?: string };

export interface ImageTextModel {
  readonly id: string;
  readonly kind: 'image-text';
  readonly fingerprint: string;
  /** L2-normalised text embeddings. */
  embedTexts(texts: string[], options?: CallOptions): Promise<Float32Array[]>;
  /** L2-normalised image embeddings. */
  embedImages(images: ImageInput[], options?: CallOptions): Promise<Float32Array[]>;
  /** CLIP's learned temperature: logits = scale x cosine. */
  readonly logitScale: number;
  ready?(): Promise<void>;
}

export type Model = TextModel | ImageTextModel;

/** Where grading gets models from: resolves a configured id or throws a clear ConfigError/NotFound. */
export interface ModelRegistry {
  get(id: string): Model;
  list(): ModelInfo[];
  /**
   * A model to count tokens with even when it cannot be called (an API model without its key:
   * its tokenizer is local). Its calls reject with the same setup error get() throws. Absent:
   * counting uses get().
   */
  forCounting?(id: string): Model;
  /** Every configured model's health, with the operator's advice (staff and /readyz only). Absent: not tracked. */
  health?(): ModelHealthEntry[];
}

export type ModelInfo = {
  id: string;
  kind: 'text' | 'image-text';
  style?: 'completion' | 'chat';
  provider: string;
  /** Human-readable name for pickers, e.g. "GPT-2 (124M)". */
  label: string;
  description?: string;
  /** False when the server knows the model cannot be used now (pickers grey it); absent: unknown. */
  available?: boolean;
  /** Why not, student-safe (no setup advice): set when available is false. */
  unavailableReason?: ModelUnavailableReason;
};

/** A model's usability as the server sees it (models/health/model-health.ts). */
export type ModelHealthState = 'ready' | 'missing-files' | 'missing-key' | 'unreachable' | 'unknown';
export type ModelUnavailableReason = 'missing-files' | 'missing-key' | 'unreachable';
export type ModelHealthEntry = {
  id: string;
  state: ModelHealthState;
  /** Epoch ms of the last check or call outcome; null before any. */
  checkedAt: number | null;
  /** What the operator should do: staff pages and logs only, never students. */
  advice: string | null;
};
