// Provider types available in this build, keyed by the `type` of a models.yaml provider entry.
import path from 'node:path';
import type { InferencePool } from './inference-pool/inference-pool.js';
import { createPooledTransformersModelFactory } from './inference-pool/pooled-factory.js';
import { createOpenAIModelFactory } from './openai/factory.js';
import type { ModelFactories } from './registry.js';
import { createTransformersModelFactory } from './transformers/factory.js';

/**
 * What the providers need from the server's configuration (the config module passes it in; models
 * never read the configuration themselves).
 */
export type ProviderSettings = {
  /** Per-request timeout of API models. */
  timeoutMs: number;
  /** Local models' folder (SANDBOX_MODELS_DIR), absolute. */
  modelsDir?: string;
  /** Never download local models (SANDBOX_OFFLINE). */
  offline?: boolean;
  /** Where relative paths in models.yaml start. */
  root?: string;
};

/**
 * modelsDir and offline default to SANDBOX_MODELS_DIR's and SANDBOX_OFFLINE's own defaults. With an
 * inference pool, local models run in its members (created with the same settings, see
 * poolSettings); without one they run on the calling thread.
 */
export function providerFactories(config: ProviderSettings, inferencePool?: InferencePool | null): ModelFactories {
  const root = config.root ?? process.cwd();
  return {
    openai: createOpenAIModelFactory({ timeoutMs: config.timeoutMs }),
    transformers: inferencePool
      ? createPooledTransformersModelFactory(inferencePool)
      : createTransformersModelFactory({
          modelsDir: config.modelsDir ?? path.resolve(root, 'models'),
          offline: config.offline ?? false,
          root,
        }),
  };
}

/** The settings pool members build their models with: the in-process factory's defaults above. */
export function poolSettings(config: Omit<ProviderSettings, 'timeoutMs'>): { modelsDir: string; offline: boolean; root: string } {
  const root = config.root ?? process.cwd();
  return { modelsDir: config.modelsDir ?? path.resolve(root, 'models'), offline: config.offline ?? false, root };
}
