// The models.yaml entries served by transformers.js providers, with where their files live once
// the sandbox defaults (SANDBOX_MODELS_DIR, SANDBOX_OFFLINE) are applied. Shared by `models list`
// and `models pull`.
import type { Config } from '../../config.js';
import type { ModelConfig, ModelsConfig, TransformersProviderConfig } from '../../models/models-config.js';
import { parseTransformersModelOptions, resolveTransformersProvider } from '../../models/transformers/factory.js';
import type { PullTarget } from '../../models/transformers/pull-model.js';

export type LocalModel = { model: ModelConfig; provider: TransformersProviderConfig; offline: boolean; target: PullTarget };

export function localModels(modelsConfig: ModelsConfig, config: Pick<Config, 'modelsDir' | 'offline' | 'root'>): LocalModel[] {
  const found: LocalModel[] = [];
  for (const model of modelsConfig.models) {
    const provider = modelsConfig.providers[model.provider];
    if (provider?.type !== 'transformers') continue;
    const resolved = resolveTransformersProvider(provider, config);
    found.push({
      model,
      provider,
      offline: resolved.offline,
      target: {
        id: model.id,
        repo: model.model,
        kind: model.kind,
        ...(model.style ? { style: model.style } : {}),
        quantized: parseTransformersModelOptions(model).quantized ?? true,
        modelsDir: resolved.modelsDir,
        ...(resolved.remoteHost ? { remoteHost: resolved.remoteHost } : {}),
      },
    });
  }
  return found;
}
