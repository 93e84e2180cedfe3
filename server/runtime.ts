// Wires the real dependencies from a Config: catalog, evaluators, models, database and cache.
// The CLI and the server both start from here; tests build their own pieces instead.
import fs from 'node:fs';
import { getEvaluator, evaluatorNames } from '../evaluators/index.js';
import { createCatalog, type Catalog } from './catalog/catalog.js';
import type { Config } from './config.js';
import type { AnyEvaluator } from './core/evaluator.js';
import { ConfigError } from './core/errors.js';
import type { ModelRegistry } from './core/model.js';
import { loadModelsConfig, type ModelsConfig } from './models/models-config.js';
import { createModelRegistry } from './models/registry.js';
import { providerFactories } from './models/provider-factories.js';
import { openDatabase, type SqliteDatabase } from './storage/open-database.js';
import { createSqliteResponseCache } from './storage/response-cache.js';
import type { ResponseCache } from './grading/response-cache.js';

export type Runtime = {
  config: Config;
  catalog: Catalog;
  modelsConfig: ModelsConfig;
  models: ModelRegistry;
  getEvaluator: (name: string) => AnyEvaluator | undefined;
  db: SqliteDatabase;
  cache: ResponseCache;
  close(): void;
};

export function loadModels(config: Config): { modelsConfig: ModelsConfig; models: ModelRegistry } {
  if (!fs.existsSync(config.modelsConfigPath)) {
    throw new ConfigError(`no models configuration at ${config.modelsConfigPath}; set SANDBOX_MODELS_CONFIG or restore models.yaml from the repository`);
  }
  const modelsConfig = loadModelsConfig(config.modelsConfigPath);
  const models = createModelRegistry({ config: modelsConfig, env: config.env, factories: providerFactories(config) });
  return { modelsConfig, models };
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
  const { modelsConfig, models } = loadModels(config);
  const catalog = openCatalog(config, models.list().map((model) => model.id));
  const db = openDatabase(config.databasePath);
  return {
    config,
    catalog,
    modelsConfig,
    models,
    getEvaluator,
    db,
    cache: createSqliteResponseCache(db),
    close: () => db.close(),
  };
}
