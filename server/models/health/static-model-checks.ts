// The cheap checks run at start, before any call: an API model needs its key, a local model its
// files (when offline; online, missing files are fetched on first use, so the state stays unknown
// until a call says more). No network here: start-up must not depend on, or pay for, an upstream.
import fs from 'node:fs';
import path from 'node:path';
import type { ModelHealthState } from '../../core/model.js';
import type { ModelsConfig } from '../models-config.js';
import { resolveTransformersProvider } from '../transformers/factory.js';

export type StaticCheck = { id: string; state: ModelHealthState; advice: string | null };

export type StaticCheckOptions = {
  modelsConfig: ModelsConfig;
  env: Readonly<Record<string, string | undefined>>;
  modelsDir: string;
  offline: boolean;
  root: string;
};

export function staticModelChecks(options: StaticCheckOptions): StaticCheck[] {
  return options.modelsConfig.models.map((model): StaticCheck => {
    const provider = options.modelsConfig.providers[model.provider];
    if (!provider)
      return {
        id: model.id,
        state: 'missing-files',
        advice: `model ${model.id} names an unknown provider "${model.provider}" in ${options.modelsConfig.source}`,
      };
    if (provider.type === 'openai') {
      const key = provider.apiKeyEnv ? options.env[provider.apiKeyEnv]?.trim() : undefined;
      if (key || provider.apiKeyOptional || !provider.apiKeyEnv) return { id: model.id, state: 'unknown', advice: null };
      return {
        id: model.id,
        state: 'missing-key',
        advice: `set ${provider.apiKeyEnv} in the environment or .env to use model ${model.id} (provider ${provider.name})`,
      };
    }
    const resolved = resolveTransformersProvider(provider, { modelsDir: options.modelsDir, offline: options.offline, root: options.root });
    const folder = path.join(resolved.modelsDir, model.model);
    if (fs.existsSync(path.join(folder, 'config.json'))) return { id: model.id, state: 'ready', advice: null };
    if (!resolved.offline)
      return {
        id: model.id,
        state: 'unknown',
        advice: `the files of ${model.id} are not in ${folder} yet; the first call downloads them (or run sandbox models pull ${model.id} ahead of time)`,
      };
    return { id: model.id, state: 'missing-files', advice: `the files of ${model.id} are not in ${folder}; run sandbox models pull ${model.id}` };
  });
}
