// An ImageTextModel over a CLIP-style dual encoder: the text and vision towers with projection
// (onnx/text_model*.onnx and onnx/vision_model*.onnx, as the Xenova CLIP repos ship them), so
// texts and images are embedded separately and in batches.
//
// Text embeddings are cached per text in this model (an LRU bounded by `textCacheSize`): a grading
// run embeds classes x templates once, and the next run over the same program embeds none.
// Concurrent calls that need the same text share one encode. Images are never cached: they are
// many, large, and each is embedded once per run anyway.
//
// Images go through the shared decoder (format check, byte and pixel limits, clear errors), then
// through clip-pixels, which reproduces the library's CLIP preprocessing in one pass; configs it
// does not cover fall back to the library's own processor.
import type { PreTrainedModel, PreTrainedTokenizer, Processor, Tensor } from '@xenova/transformers';
import { Cancelled, ProviderError, SandboxError, errorMessage } from '../../core/errors.js';
import type { CallOptions, ImageInput, ImageTextModel } from '../../core/model.js';
import type { TransformersEnvironment, TransformersLibrary } from './environment.js';
import { DEFAULT_IMAGE_LIMITS, decodeImage, type ImageLimits } from '../images/decode-image.js';
import { parseClipImageConfig, writePixelValues, type ClipImageConfig } from './clip-pixels.js';
import { loadOnce } from './load-once.js';
import { LruCache } from './lru-cache.js';
import { nextTurn } from './next-turn.js';
import { loadClipTower } from './pretrained-models.js';
import { readImage } from './read-image.js';
import { transformersFingerprint } from './text-model.js';

export type TransformersClipModelOptions = {
  id: string;
  /** Hub repo name, also the folder under the models directory, e.g. "Xenova/clip-vit-base-patch32". */
  repo: string;
  environment: TransformersEnvironment;
  quantized?: boolean;
  /** Texts or images per forward pass. */
  batchSize?: number;
  /** Most text embeddings kept (least recently used go first); default 10,000 (about 20 MB at 512 floats). */
  textCacheSize?: number;
  /** Size limits for images (files and uploads); default 25 megapixels and 20 MB. */
  imageLimits?: Partial<ImageLimits>;
};

/** What went through the towers, so callers (tests, benchmarks) can see the cache at work. */
export type ClipStats = {
  /** Texts run through the text tower, and in how many forward passes. */
  textsEncoded: number;
  textBatches: number;
  /** Texts answered from the cache or from an encode already in flight. */
  textCacheHits: number;
  imagesEncoded: number;
  imageBatches: number;
};

export type TransformersClipModel = ImageTextModel & {
  /** Loads tokenizer, image processor and both towers (once). */
  ready(): Promise<void>;
  /** Running totals since the model was created. */
  readonly stats: Readonly<ClipStats>;
};

type LoadedClip = {
  library: TransformersLibrary;
  tokenizer: PreTrainedTokenizer;
  processor: Processor;
  /** The processor's settings when clip-pixels can apply them itself (null: use the processor). */
  pixels: ClipImageConfig | null;
  textModel: PreTrainedModel;
  visionModel: PreTrainedModel;
  logitScale: number;
};

/** CLIP's default when the config does not carry the trained scale (exp(4.6052) = 100). */
const DEFAULT_LOGIT_SCALE = 100;

/** The config stores the log of the scale (`logit_scale`); logits = exp(logit_scale) x cosine. */
export function logitScaleFromConfig(config: Record<string, unknown> | null): number {
  const logScale = config?.logit_scale;
  return typeof logScale === 'number' && Number.isFinite(logScale) ? Math.exp(logScale) : DEFAULT_LOGIT_SCALE;
}

export function createTransformersClipModel(options: TransformersClipModelOptions): TransformersClipModel {
  const { id, repo, environment } = options;
  const quantized = options.quantized ?? true;
  const batchSize = options.batchSize ?? 32;
  const imageLimits: ImageLimits = { ...DEFAULT_IMAGE_LIMITS, ...options.imageLimits };
  const textCache = new LruCache<string, Float32Array>(options.textCacheSize ?? 10_000);
  /** Encodes in flight, by text, so concurrent callers share them. */
  const pendingTexts = new Map<string, Promise<Float32Array>>();
  const stats: ClipStats = { textsEncoded: 0, textBatches: 0, textCacheHits: 0, imagesEncoded: 0, imageBatches: 0 };
  let loaded: LoadedClip | null = null;

  const load = loadOnce(() =>
    environment.load(repo, async (loadOptions, library) => {
      const { AutoTokenizer, AutoProcessor } = library;
      const [tokenizer, processor, textModel, visionModel] = await Promise.all([
        AutoTokenizer.from_pretrained(repo, loadOptions),
        AutoProcessor.from_pretrained(repo, loadOptions),
        loadClipTower(environment, library, repo, 'text', loadOptions, quantized),
        loadClipTower(environment, library, repo, 'vision', loadOptions, quantized),
      ]);
      const processorConfig = (processor as unknown as { feature_extractor?: { config?: unknown } }).feature_extractor?.config;
      loaded = {
        library,
        tokenizer,
        processor,
        pixels: parseClipImageConfig(processorConfig),
        textModel,
        visionModel,
        logitScale: logitScaleFromConfig(textModel.config as Record<string, unknown>),
      };
      return loaded;
    }),
  );

  async function embedInBatches<T>(
    items: T[],
    callOptions: CallOptions | undefined,
    embed: (clip: LoadedClip, batch: T[]) => Promise<Tensor>,
  ): Promise<Float32Array[]> {
    if (callOptions?.signal?.aborted) throw new Cancelled();
    if (items.length === 0) return [];
    const clip = await load();
    const embeddings: Float32Array[] = [];
    for (let start = 0; start < items.length; start += batchSize) {
      await nextTurn();
      if (callOptions?.signal?.aborted) throw new Cancelled();
      let output: Tensor;
      try {
        output = await embed(clip, items.slice(start, start + batchSize));
      } catch (error) {
        if (error instanceof SandboxError) throw error;
        throw new ProviderError(`model ${id} (${repo}) failed: ${errorMessage(error)}`, { retryable: false, cause: error });
      }
      embeddings.push(...splitAndNormalise(output));
    }
    return embeddings;
  }

  /** The batch's [n, 3, H, W] pixel values; each image is decoded and resized on its own, so full-size pixels never pile up. */
  async function pixelValues(clip: LoadedClip, batch: ImageInput[], config: ClipImageConfig): Promise<Tensor> {
    const { width, height } = config.crop;
    const size = 3 * width * height;
    const data = new Float32Array(batch.length * size);
    await Promise.all(batch.map(async (image, index) => writePixelValues(await decodeImage(image, imageLimits), config, data, index * size)));
    return new clip.library.Tensor('float32', data, [batch.length, 3, height, width]);
  }

  async function processorPixelValues(clip: LoadedClip, batch: ImageInput[]): Promise<Tensor> {
    const decoded = await Promise.all(batch.map((image) => readImage(image, clip.library.RawImage, imageLimits)));
    const { pixel_values } = (await clip.processor(decoded)) as { pixel_values: Tensor };
    return pixel_values;
  }

  return {
    id,
    kind: 'image-text',
    fingerprint: transformersFingerprint(repo, quantized),
    // Known before loading when the model is local (config.json is read directly), exact after.
    get logitScale(): number {
      return loaded?.logitScale ?? logitScaleFromConfig(environment.readLocalJson(repo, 'config.json'));
    },
    get stats(): Readonly<ClipStats> {
      return { ...stats };
    },
    async ready() {
      await load();
    },
    async embedTexts(texts: string[], callOptions?: CallOptions): Promise<Float32Array[]> {
      if (callOptions?.signal?.aborted) throw new Cancelled();
      const forText = new Map<string, Promise<Float32Array> | Float32Array>();
      const missing: string[] = [];
      for (const text of new Set(texts)) {
        const known = textCache.get(text) ?? pendingTexts.get(text);
        if (known !== undefined) forText.set(text, known);
        else missing.push(text);
      }
      stats.textCacheHits += texts.length - missing.length;
      if (missing.length) {
        // Not tied to this caller's signal: another caller may be waiting for the same texts.
        const encoding = embedInBatches(missing, undefined, async (clip, batch) => {
          stats.textBatches++;
          stats.textsEncoded += batch.length;
          const inputs = clip.tokenizer(batch, { padding: true, truncation: true });
          const { text_embeds } = (await clip.textModel(inputs)) as { text_embeds: Tensor };
          return text_embeds;
        });
        missing.forEach((text, index) => {
          const one = encoding.then((embeddings) => embeddings[index]!);
          pendingTexts.set(text, one);
          forText.set(text, one);
        });
        // Settle the shared entries whoever is waiting; failures are not cached.
        encoding.then(
          (embeddings) => missing.forEach((text, index) => (textCache.set(text, embeddings[index]!), pendingTexts.delete(text))),
          () => missing.forEach((text) => pendingTexts.delete(text)),
        );
      }
      const embeddings = await Promise.all(texts.map((text) => forText.get(text)!));
      if (callOptions?.signal?.aborted) throw new Cancelled();
      // Copies: the cached vectors must not change under a caller that edits its result.
      return embeddings.map((embedding) => embedding.slice());
    },
    embedImages(images: ImageInput[], callOptions?: CallOptions): Promise<Float32Array[]> {
      return embedInBatches(images, callOptions, async (clip, batch) => {
        // Decoded before counting: an image that cannot be read never reaches the tower.
        const pixel_values = clip.pixels ? await pixelValues(clip, batch, clip.pixels) : await processorPixelValues(clip, batch);
        stats.imageBatches++;
        stats.imagesEncoded += batch.length;
        const { image_embeds } = (await clip.visionModel({ pixel_values })) as { image_embeds: Tensor };
        return image_embeds;
      });
    },
  };
}

/** Rows of a [n, d] tensor as unit vectors. An all-zero row stays zero (cosine 0 with everything). */
function splitAndNormalise(tensor: Tensor): Float32Array[] {
  const [rows, size] = tensor.dims as [number, number];
  const data = tensor.data as Float32Array;
  return Array.from({ length: rows }, (_, r) => {
    const row = Float32Array.from(data.subarray(r * size, (r + 1) * size));
    const norm = Math.hypot(...row);
    if (norm > 0) for (let i = 0; i < size; i++) row[i] = row[i]! / norm;
    return row;
  });
}
