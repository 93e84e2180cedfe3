// The registry's factory for `type: transformers` providers when an inference pool is configured:
// the same options and checks as the in-process factory, but the models are proxies whose calls
// run in the pool's members (which build the real models with the in-process factory).
import { ConfigError } from '../../core/errors.js';
import type { ModelFactory } from '../registry.js';
import { createTransformersEnvironment, type TransformersEnvironment } from '../transformers/environment.js';
import { parseTransformersModelOptions, resolveTransformersProvider } from '../transformers/factory.js';
import type { InferencePool } from './inference-pool.js';
import { createPooledClipModel, createPooledTextModel } from './pooled-models.js';

export function createPooledTransformersModelFactory(pool: InferencePool): ModelFactory {
  const environments = new Map<string, TransformersEnvironment>();

  return (provider, model) => {
    if (provider.type !== 'transformers') throw new ConfigError(`provider ${provider.name} has type ${provider.type}, not transformers`);
    // Checked here too, so a bad entry fails when the registry builds it, not on a member mid-call.
    const { quantized } = parseTransformersModelOptions(model);
    let environment = environments.get(provider.name);
    if (!environment) {
      environment = createTransformersEnvironment(resolveTransformersProvider(provider, pool.settings));
      environments.set(provider.name, environment);
    }
    const common = { pool, target: { provider, model }, environment, quantized: quantized ?? true };
    if (model.kind === 'image-text') return createPooledClipModel(common);
    if (!model.style) throw new ConfigError(`model ${model.id}: text models need style: chat or completion`);
    return createPooledTextModel({ ...common, style: model.style });
  };
}
