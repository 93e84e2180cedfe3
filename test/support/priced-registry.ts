// The fake server's models with prices, so usage logs and reports carry a real cost estimate.
import { parseModelsConfig } from '../../server/models/models-config.js';
import { providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';

export function pricedRegistryFor(baseURL: string, apiKey: string, timeoutMs = 5_000) {
  const yaml = `
providers:
  fake: { type: openai, baseURL: ${baseURL}, apiKeyEnv: FAKE_OPENAI_KEY }
models:
  - { id: gpt-4o-mini, provider: fake, kind: text, style: chat, pricing: { inputPerMillion: 0.15, outputPerMillion: 0.6 } }
  - { id: davinci-002, provider: fake, kind: text, style: completion, pricing: { inputPerMillion: 2, outputPerMillion: 2 } }
  - { id: gpt-4.1-mini, provider: fake, kind: text, style: chat }
  - { id: babbage-002, provider: fake, kind: text, style: completion }
`;
  return createModelRegistry({
    config: parseModelsConfig(yaml, 'priced models.yaml'),
    env: { FAKE_OPENAI_KEY: apiKey },
    factories: providerFactories({ timeoutMs }),
  });
}
