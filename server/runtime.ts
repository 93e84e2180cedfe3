// Wires the real dependencies from a Config: catalog, evaluators, models, and the stores of the
// database DATABASE_URL names (the embedded SQLite file by default, or PostgreSQL), opened on first
// use. The CLI and the server both start from here; tests build their own pieces instead.
import fs from 'node:fs';
import os from 'node:os';
import { newId } from './accounts/secrets.js';
import { systemClock } from './clock.js';
import { getEvaluator, evaluatorNames } from '../evaluators/index.js';
import { createCatalog, type Catalog } from './catalog/catalog.js';
import type { Config } from './config.js';
import type { AnyEvaluator } from './core/evaluator.js';
import { ConfigError } from './core/errors.js';
import type { ModelRegistry } from './core/model.js';
import { loadModelsConfig, type ModelsConfig } from './models/models-config.js';
import { createInferencePool, type InferencePool } from './models/inference-pool/inference-pool.js';
import { createModelHealth, type ModelHealth } from './models/health/model-health.js';
import { staticModelChecks } from './models/health/static-model-checks.js';
import { createModelRegistry } from './models/registry.js';
import { poolSettings, providerFactories } from './models/provider-factories.js';
import { openStores } from './storage/open-stores.js';
import type { Stores } from './storage/stores.js';

export type Runtime = {
  config: Config;
  catalog: Catalog;
  modelsConfig: ModelsConfig;
  models: ModelRegistry;
  /** What the models' calls and start-up checks found (serve prints it and logs its changes). */
  modelHealth: ModelHealth;
  getEvaluator: (name: string) => AnyEvaluator | undefined;
  /** This process's id on the database (server_instances): owner of its reservations, leases and jobs. Host and pid, for the operator reading the tables. */
  instanceId: string;
  /** The stores of config.database, opened (and migrated) on first use. */
  stores(): Promise<Stores>;
  /** Where local models run (null: in-process, SANDBOX_INFERENCE_POOL=0). */
  inferencePool: InferencePool | null;
  /** Closes the database and ends the inference pool's members. */
  close(): Promise<void>;
};

/** The pool local models run in, or null when SANDBOX_INFERENCE_POOL=0. Members start on first use. */
export function openInferencePool(config: Config, log?: (line: string) => void): InferencePool | null {
  if (config.inferencePool === 0) return null;
  return createInferencePool({ size: config.inferencePool, settings: poolSettings(config), ...(log ? { log } : {}) });
}

/** One health service per process, seeded by the cheap start-up checks (no network, no paid call). */
export function startModelHealth(config: Config, modelsConfig: ModelsConfig): ModelHealth {
  const health = createModelHealth({ ids: modelsConfig.models.map((m) => m.id), now: () => Date.now() });
  for (const check of staticModelChecks({ modelsConfig, env: config.env, ...poolSettings(config) })) health.set(check.id, check.state, check.advice);
  return health;
}

export function loadModels(
  config: Config,
  inferencePool: InferencePool | null = null,
): { modelsConfig: ModelsConfig; models: ModelRegistry; health: ModelHealth } {
  if (!fs.existsSync(config.modelsConfigPath)) {
    throw new ConfigError(`no models configuration at ${config.modelsConfigPath}; set SANDBOX_MODELS_CONFIG or restore models.yaml from the repository`);
  }
  const modelsConfig = loadModelsConfig(config.modelsConfigPath);
  const health = startModelHealth(config, modelsConfig);
  const models = createModelRegistry({ config: modelsConfig, env: config.env, factories: providerFactories(config, inferencePool), health });
  return { modelsConfig, models, health };
}

export function openCatalog(config: Config, knownModels?: string[]): Catalog {
  return createCatalog({
    tasksDir: config.tasksDir,
    getEvaluator,
    evaluatorNames: evaluatorNames(),
    ...(knownModels ? { knownModels } : {}),
    displayRoot: config.root,
  });
}

export function createRuntime(config: Config): Runtime {
  const inferencePool = openInferencePool(config);
  const { modelsConfig, models, health } = loadModels(config, inferencePool);
  const catalog = openCatalog(
    config,
    models.list().map((model) => model.id),
  );
  const instanceId = `${os.hostname()}:${process.pid}:${newId('i')}`;
  let opened: Promise<Stores> | null = null;
  return {
    config,
    catalog,
    modelsConfig,
    models,
    modelHealth: health,
    getEvaluator,
    instanceId,
    stores: () => (opened ??= openStores(config.database, { clock: systemClock, quotas: config.quotas, sessionDays: config.sessionDays, instanceId })),
    inferencePool,
    async close() {
      if (opened) await (await opened.catch(() => null))?.close();
      await inferencePool?.close();
    },
  };
}
