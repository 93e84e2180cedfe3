// Provider types available in this build, keyed by the `type` of a models.yaml provider entry.
import type { Config } from '../config.js';
import { createOpenAIModelFactory } from './openai/factory.js';
import type { ModelFactories } from './registry.js';

export function providerFactories(config: Pick<Config, 'timeoutMs'>): ModelFactories {
  return {
    openai: createOpenAIModelFactory({ timeoutMs: config.timeoutMs }),
  };
}
