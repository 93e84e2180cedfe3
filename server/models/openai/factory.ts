// The registry's factory for `type: openai` providers: reads the API key from the environment it
// is given (never process.env) and builds an OpenAI text model.
import { ConfigError } from '../../core/errors.js';
import type { ModelFactory } from '../registry.js';
import { DEFAULT_TIMEOUT_MS, type Fetch } from './client.js';
import { createOpenAITextModel } from './openai-text-model.js';

/** Sent when a provider needs no key: the SDK refuses to run without one, and local servers ignore it. */
export const PLACEHOLDER_API_KEY = 'sk-no-key-required';

export function createOpenAIModelFactory(deps: { fetch?: Fetch; timeoutMs?: number } = {}): ModelFactory {
  return (provider, model, env, options = {}) => {
    if (provider.type !== 'openai') {
      throw new ConfigError(`provider ${provider.name} has type ${provider.type}, not openai`);
    }
    if (model.kind !== 'text' || !model.style) {
      throw new ConfigError(`model ${model.id}: provider ${provider.name} (type openai) serves text models with a style only`);
    }
    const key = provider.apiKeyEnv ? env[provider.apiKeyEnv]?.trim() : undefined;
    const missingKey =
      !key && !provider.apiKeyOptional
        ? new ConfigError(`set ${provider.apiKeyEnv} in the environment or .env to use model ${model.id} (provider ${provider.name})`, {
            variable: provider.apiKeyEnv,
            provider: provider.name,
            model: model.id,
          })
        : null;
    // Token counts need no key (the tokenizer is local), so a model for counting is built anyway;
    // its calls fail with the same message before any request leaves.
    if (missingKey && !options.countOnly) throw missingKey;
    return createOpenAITextModel({
      id: model.id,
      providerName: provider.name,
      baseURL: provider.baseURL,
      apiKey: key || PLACEHOLDER_API_KEY,
      apiKeyEnv: provider.apiKeyEnv,
      remoteModel: model.model,
      style: model.style,
      encoding: model.encoding,
      fetch: deps.fetch,
      timeoutMs: provider.timeoutMs ?? deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxTokensParam: provider.maxTokensParam,
      ...(missingKey ? { unusable: missingKey } : {}),
    });
  };
}

export const openAIModelFactory: ModelFactory = createOpenAIModelFactory();
