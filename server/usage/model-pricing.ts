// Prices come from models.yaml (`pricing:`, USD per million tokens). A registry built from a
// hand-made config may not know them; such calls are logged with a cost of 0.
import type { ModelRegistry } from '../core/model.js';
import type { ModelConfig } from '../models/models-config.js';

export type ModelPricing = NonNullable<ModelConfig['pricing']>;

export function pricingLookup(models: ModelRegistry): (modelId: string) => ModelPricing | undefined {
  const withConfig = models as ModelRegistry & { config?: (id: string) => ModelConfig };
  return (modelId) => {
    if (typeof withConfig.config !== 'function') return undefined;
    try {
      return withConfig.config(modelId).pricing;
    } catch {
      return undefined;
    }
  };
}
