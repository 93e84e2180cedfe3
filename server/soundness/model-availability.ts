// Whether a model id can really be called from here, decided without calling it: an API model
// needs its key, a local model needs its files in the models directory (downloading during a
// check would be slow and, offline, impossible). Used to decide whether reference-vs-baseline
// runs; when it cannot, the reason is printed instead.
import fs from 'node:fs';
import path from 'node:path';
import type { ModelsConfig } from '../models/models-config.js';
import { resolveTransformersProvider } from '../models/transformers/factory.js';

export type Availability = { available: true } | { available: false; reason: string };
export type ModelAvailability = (modelId: string) => Availability;

export type AvailabilityOptions = {
  modelsConfig: ModelsConfig;
  env: Readonly<Record<string, string | undefined>>;
  /** SANDBOX_MODELS_DIR and SANDBOX_OFFLINE, the defaults of local providers. */
  modelsDir: string;
  offline: boolean;
  root: string;
};

export function createModelAvailability(options: AvailabilityOptions): ModelAvailability {
  return (modelId) => {
    const model = options.modelsConfig.models.find((m) => m.id === modelId);
    if (!model) return { available: false, reason: `model ${modelId} is not configured in ${options.modelsConfig.source}` };
    const provider = options.modelsConfig.providers[model.provider];
    if (!provider) return { available: false, reason: `model ${modelId} names an unknown provider "${model.provider}"` };
    if (provider.type === 'openai') {
      const key = provider.apiKeyEnv ? options.env[provider.apiKeyEnv]?.trim() : undefined;
      if (key || provider.apiKeyOptional) return { available: true };
      return { available: false, reason: `model ${modelId} needs ${provider.apiKeyEnv}, which is not set` };
    }
    const { modelsDir } = resolveTransformersProvider(provider, { modelsDir: options.modelsDir, offline: options.offline, root: options.root });
    const folder = path.join(modelsDir, model.model);
    if (fs.existsSync(path.join(folder, 'config.json'))) return { available: true };
    return { available: false, reason: `model ${modelId} is local and its files are not in ${folder} (sandbox models pull ${modelId})` };
  };
}

/** Every check reports NOT RUN with this reason (the `--no-run` flag). */
export function noModels(reason: string): ModelAvailability {
  return () => ({ available: false, reason });
}
