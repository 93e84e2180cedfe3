// Resolves configured model ids to live models. Providers plug in through `factories` (keyed by
// the provider `type` in models.yaml), so a new kind of provider needs no change here. Models are
// built on first use: a missing API key for one provider must not stop the others from working.
import { ConfigError, NotFound } from '../core/errors.js';
import type { Model, ModelInfo, ModelRegistry } from '../core/model.js';
import { guardModel, recordSetupError } from './health/health-guarded-model.js';
import type { ModelHealth } from './health/model-health.js';
import { formatPath, type ModelConfig, type ModelsConfig, type ProviderConfig } from './models-config.js';
import { say } from '../shared/messages/say.js';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Builds a model of one provider type. Throws ConfigError naming what to set when it cannot.
 * With `countOnly`, a factory that can still count tokens without its secrets (a local tokenizer)
 * builds the model anyway, its calls rejecting with that ConfigError.
 */
export type ModelFactory = (provider: ProviderConfig, model: ModelConfig, env: Env, options?: { countOnly?: boolean }) => Model;

export type ModelFactories = Readonly<Record<string, ModelFactory>>;

export interface ConfiguredModelRegistry extends ModelRegistry {
  /** The models.yaml entry behind an id (pricing, remote name); throws NotFound like get(). */
  config(id: string): ModelConfig;
  forCounting(id: string): Model;
}

/** The student-safe part of a model's health: whether it can be picked, and a reason code if not. */
function availability(id: string, health: ModelHealth): Pick<ModelInfo, 'available' | 'unavailableReason'> {
  if (health.isAvailable(id)) return { available: true };
  const { state } = health.get(id);
  return { available: false, unavailableReason: state === 'missing-files' || state === 'missing-key' ? state : 'unreachable' };
}

export function createModelRegistry(options: {
  config: ModelsConfig;
  env: Env;
  factories: ModelFactories;
  /** When given, models are guarded by it (circuit breaker, known setup errors) and list() says which are available. */
  health?: ModelHealth;
}): ConfiguredModelRegistry {
  const { config, env, factories, health } = options;
  const byId = new Map(config.models.map((model, index) => [model.id, { model, index }]));
  const built = new Map<string, Model>();

  function entry(id: string) {
    const found = byId.get(id);
    if (!found) {
      // Students can read this (an unknown id in a program or at the gateway): it names the
      // configured ids, never where the configuration file lives on the server.
      const known = config.models.map((m) => m.id).join(', ') || 'none';
      throw new NotFound(
        'model',
        `model "${id}" is not configured on this server; configured models: ${known}`,
        say('not_found.model', { model: id.slice(0, 80) }),
      );
    }
    return found;
  }

  function build(model: ModelConfig, index: number, options: { countOnly?: boolean } = {}): Model {
    const provider = config.providers[model.provider];
    if (!provider) {
      // The loader rejects this; a hand-built config can still get here.
      throw new ConfigError(`${config.source}: ${formatPath(['models', index, 'provider'])}: unknown provider "${model.provider}"`);
    }
    const factory = factories[provider.type];
    if (!factory) {
      const available = Object.keys(factories).join(', ') || 'none';
      throw new ConfigError(
        `${config.source}: ${formatPath(['providers', provider.name, 'type'])}: provider type "${provider.type}" is not available in this build (available: ${available}), so model ${model.id} cannot be used`,
      );
    }
    const instance = factory(provider, model, env, options);
    if (instance.kind !== model.kind || instance.id !== model.id) {
      throw new ConfigError(
        `${config.source}: ${formatPath(['models', index])}: provider ${provider.name} built a ${instance.kind} model "${instance.id}" for ${model.kind} model "${model.id}"`,
      );
    }
    return instance;
  }

  const registry: ConfiguredModelRegistry = {
    get(id) {
      const cached = built.get(id);
      if (cached) return cached;
      const { model, index } = entry(id);
      // Failures are not cached: the error is cheap to recompute and stays accurate.
      let instance: Model;
      try {
        instance = build(model, index);
      } catch (error) {
        if (health) recordSetupError(health, id, error);
        throw error;
      }
      if (health) instance = guardModel(instance, health);
      built.set(id, instance);
      return instance;
    },
    forCounting(id) {
      try {
        return registry.get(id);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        const { model, index } = entry(id);
        return build(model, index, { countOnly: true });
      }
    },
    list(): ModelInfo[] {
      return config.models.map((model) => ({
        id: model.id,
        kind: model.kind,
        ...(model.style ? { style: model.style } : {}),
        provider: model.provider,
        label: model.label,
        ...(model.description ? { description: model.description } : {}),
        ...(health ? availability(model.id, health) : {}),
      }));
    },
    ...(health ? { health: () => health.all() } : {}),
    config(id) {
      return entry(id).model;
    },
  };
  return registry;
}
