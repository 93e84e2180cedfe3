// The registry's factory for `type: transformers` providers. One environment (models directory,
// offline or not, hub address) per provider entry, shared by all of its models, so the models of a
// provider agree on where files live. The provider's own settings win over the sandbox defaults
// (SANDBOX_MODELS_DIR, SANDBOX_OFFLINE), which come in through `defaults`.
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import type { ModelConfig, TransformersProviderConfig } from '../models-config.js';
import type { ModelFactory } from '../registry.js';
import { createTransformersClipModel } from './clip-model.js';
import { createTransformersEnvironment, type TransformersEnvironment, type TransformersLibrary } from './environment.js';
import { createTransformersTextModel } from './text-model.js';

export type TransformersFactoryDefaults = {
  /** Absolute models directory used when a provider entry has no modelsDir. */
  modelsDir: string;
  offline: boolean;
  /** Where relative provider modelsDir values start; the working directory by default. */
  root?: string;
  library?: TransformersLibrary;
  /** Intra-op threads per onnxruntime session (environment.ts); unset: the library's default. */
  sessionThreads?: number;
};

/** Per-model settings a models.yaml entry may put under `options:`. */
const ModelOptionsSchema = z
  .object({
    /** Load the fp32 ONNX files instead of the `_quantized` ones (the library's default). */
    quantized: z.boolean().optional(),
    /** Texts or images per forward pass (CLIP), or rows per scoring pass (text). */
    batchSize: z.number().int().positive().optional(),
  })
  .strict();

export type TransformersModelOptions = z.infer<typeof ModelOptionsSchema>;

/** A models.yaml entry's `options:` for a transformers model; a ConfigError names the model otherwise. */
export function parseTransformersModelOptions(model: Pick<ModelConfig, 'id' | 'options'>): TransformersModelOptions {
  const parsed = ModelOptionsSchema.safeParse(model.options ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`).join('; ');
  throw new ConfigError(`model ${model.id}: options: ${problems} (transformers models accept quantized and batchSize)`);
}

/** Where a provider's models live and whether it may download, after defaults are applied. */
export function resolveTransformersProvider(
  provider: Pick<TransformersProviderConfig, 'modelsDir' | 'offline' | 'remoteHost'>,
  defaults: Pick<TransformersFactoryDefaults, 'modelsDir' | 'offline' | 'root'>,
): { modelsDir: string; offline: boolean; remoteHost?: string } {
  return {
    modelsDir: provider.modelsDir ? resolve(defaults.root ?? process.cwd(), provider.modelsDir) : defaults.modelsDir,
    offline: provider.offline ?? defaults.offline,
    ...(provider.remoteHost ? { remoteHost: provider.remoteHost.endsWith('/') ? provider.remoteHost : `${provider.remoteHost}/` } : {}),
  };
}

export function createTransformersModelFactory(defaults: TransformersFactoryDefaults): ModelFactory {
  const environments = new Map<string, TransformersEnvironment>();

  function environmentFor(provider: TransformersProviderConfig): TransformersEnvironment {
    let environment = environments.get(provider.name);
    if (!environment) {
      environment = createTransformersEnvironment({
        ...resolveTransformersProvider(provider, defaults),
        ...(defaults.library ? { library: defaults.library } : {}),
        ...(defaults.sessionThreads ? { sessionThreads: defaults.sessionThreads } : {}),
      });
      environments.set(provider.name, environment);
    }
    return environment;
  }

  return (provider, model) => {
    if (provider.type !== 'transformers') throw new ConfigError(`provider ${provider.name} has type ${provider.type}, not transformers`);
    const { quantized, batchSize } = parseTransformersModelOptions(model);
    const environment = environmentFor(provider);
    const common = { id: model.id, repo: model.model, environment, ...(quantized === undefined ? {} : { quantized }) };
    if (model.kind === 'image-text') {
      const imageLimits = {
        ...(provider.maxImagePixels ? { maxPixels: provider.maxImagePixels } : {}),
        ...(provider.maxImageBytes ? { maxBytes: provider.maxImageBytes } : {}),
      };
      return createTransformersClipModel({ ...common, imageLimits, ...(batchSize ? { batchSize } : {}) });
    }
    if (!model.style) throw new ConfigError(`model ${model.id}: text models need style: chat or completion`);
    return createTransformersTextModel({ ...common, style: model.style, ...(batchSize ? { scoreBatchSize: batchSize } : {}) });
  };
}
