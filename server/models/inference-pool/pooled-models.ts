// Models whose calls run in the inference pool. They keep the in-process models' contract and
// fingerprints (the response cache is shared between both paths), and answer from the main thread
// only what is synchronous by contract and cheap:
// - countTokens reads the tokenizer from tokenizer.json once (as the in-process model does) and
//   encodes on the calling thread: the contract is synchronous, and encoding a prompt takes well
//   under a millisecond, far less than a round trip to a member;
// - logitScale comes from config.json, and from the loaded model once ready() has run.
import type { PreTrainedTokenizer } from '@xenova/transformers';
import type { CallOptions, ChoiceScores, ImageInput, ImageTextModel, RenderedPrompt, TextModel, TextRequest, TextResponse } from '../../core/model.js';
import type { TransformersEnvironment } from '../transformers/environment.js';
import { logitScaleFromConfig } from '../transformers/clip-model.js';
import { loadOnce } from '../transformers/load-once.js';
import { transformersFingerprint } from '../transformers/text-model.js';
import type { InferencePool, PoolCallOptions } from './inference-pool.js';
import type { PackedEmbeddings, PoolTarget } from './pool-protocol.js';

type PooledModelOptions = {
  pool: InferencePool;
  target: PoolTarget;
  /** The provider's environment on the main thread: only its synchronous file reads are used here. */
  environment: TransformersEnvironment;
  quantized: boolean;
};

function poolOptions(options: CallOptions | undefined): PoolCallOptions {
  return {
    ...(options?.signal ? { signal: options.signal } : {}),
    ...(options?.priority ? { priority: options.priority } : {}),
    ...(options?.onText ? { onText: options.onText } : {}),
    ...(options?.onQueued ? { onQueued: options.onQueued } : {}),
  };
}

export function createPooledTextModel(options: PooledModelOptions & { style: 'completion' | 'chat' }): TextModel & { ready(): Promise<void> } {
  const { pool, target, environment, style } = options;
  const repo = target.model.model;
  let tokenizer: PreTrainedTokenizer | null = null;
  // Loads on one member: proves the model is there (a missing one fails before any case runs) and
  // fetches it into the models directory when online, so the tokenizer below can be read.
  const ready = loadOnce(async () => {
    await Promise.all([pool.run(target, { op: 'ready' }), environment.library()]);
  });

  return {
    id: target.model.id,
    kind: 'text',
    style,
    fingerprint: transformersFingerprint(repo, options.quantized),
    ready,
    async prepareTokenizer() {
      await environment.library();
    },
    // Callers count a used model's tokens here (limits, usage): its tokenizer library is imported
    // on this process alongside the member's first call.
    async generate(request: TextRequest, callOptions?: CallOptions): Promise<TextResponse> {
      const [response] = await Promise.all([pool.run(target, { op: 'generate', request }, poolOptions(callOptions)), environment.library()]);
      return response as TextResponse;
    },
    async scoreChoices(prompt: RenderedPrompt, choices: string[], callOptions?: CallOptions): Promise<ChoiceScores> {
      const [scores] = await Promise.all([pool.run(target, { op: 'scoreChoices', prompt, choices }, poolOptions(callOptions)), environment.library()]);
      return scores as ChoiceScores;
    },
    countTokens(text: string): number {
      tokenizer ??= environment.readLocalTokenizer(repo);
      return text ? tokenizer.encode(text, null, { add_special_tokens: false }).length : 0;
    },
  };
}

export function createPooledClipModel(options: PooledModelOptions): ImageTextModel & { ready(): Promise<void> } {
  const { pool, target, environment } = options;
  const repo = target.model.model;
  let logitScale: number | null = null;
  const ready = loadOnce(async () => {
    const loaded = (await pool.run(target, { op: 'ready' })) as { logitScale?: number };
    if (typeof loaded.logitScale === 'number') logitScale = loaded.logitScale;
  });

  return {
    id: target.model.id,
    kind: 'image-text',
    fingerprint: transformersFingerprint(repo, options.quantized),
    get logitScale(): number {
      return logitScale ?? logitScaleFromConfig(environment.readLocalJson(repo, 'config.json'));
    },
    ready,
    async embedTexts(texts: string[], callOptions?: CallOptions): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      return unpack((await pool.run(target, { op: 'embedTexts', texts }, poolOptions(callOptions))) as PackedEmbeddings);
    },
    async embedImages(images: ImageInput[], callOptions?: CallOptions): Promise<Float32Array[]> {
      if (images.length === 0) return [];
      return unpack((await pool.run(target, { op: 'embedImages', images }, poolOptions(callOptions))) as PackedEmbeddings);
    },
  };
}

/** Rows of the moved buffer, as views: the buffer belongs to this caller alone. */
function unpack(packed: PackedEmbeddings): Float32Array[] {
  return Array.from({ length: packed.rows }, (_, row) => packed.data.subarray(row * packed.size, (row + 1) * packed.size));
}
