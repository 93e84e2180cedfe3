// Provider types available in this build, keyed by the `type` of a models.yaml provider entry.
import path from 'node:path';
import type { Config } from '../config.js';
import { createOpenAIModelFactory } from './openai/factory.js';
import type { ModelFactories } from './registry.js';
import { createTransformersModelFactory } from './transformers/factory.js';

/** modelsDir and offline default to SANDBOX_MODELS_DIR's and SANDBOX_OFFLINE's own defaults. */
export function providerFactories(
  config: Pick<Config, 'timeoutMs'> & Partial<Pick<Config, 'modelsDir' | 'offline' | 'root'>>,
): ModelFactories {
  const root = config.root ?? process.cwd();
  return {
    openai: createOpenAIModelFactory({ timeoutMs: config.timeoutMs }),
    transformers: createTransformersModelFactory({
      modelsDir: config.modelsDir ?? path.resolve(root, 'models'),
      offline: config.offline ?? false,
      root,
    }),
  };
}
