// What `sandbox tasks check` needs from the real environment: the catalog, models.yaml and its
// registry, which models are really available, and a response cache opened only if a model runs.
import type { Catalog } from '../../catalog/catalog.js';
import type { Config } from '../../config.js';
import { getEvaluator } from '../../../evaluators/index.js';
import { loadModels, openCatalog, openInferencePool } from '../../runtime.js';
import type { SoundnessDeps } from '../../soundness/check-task.js';
import { createModelAvailability, noModels } from '../../soundness/model-availability.js';
import { createModelCatalogue } from '../../soundness/model-facts.js';
import { openDatabase, type SqliteDatabase } from '../../storage/open-database.js';
import { createSqliteResponseCache } from '../../storage/response-cache.js';
import type { ResponseCache } from '../../grading/response-cache.js';

export type TasksCheckSession = { catalog: Catalog; deps: SoundnessDeps; close(): Promise<void> };

export function openTasksCheck(config: Config, options: { noRun: boolean }): TasksCheckSession {
  // The same pool as the server's: reference and baseline runs use every core. Members start only
  // if a local model really runs (not with --no-run).
  const inferencePool = openInferencePool(config);
  const { modelsConfig, models, health } = loadModels(config, inferencePool);
  const catalog = openCatalog(
    config,
    models.list().map((model) => model.id),
  );
  let db: SqliteDatabase | null = null;
  let cache: ResponseCache | null = null;
  const statically = createModelAvailability({ modelsConfig, env: config.env, modelsDir: config.modelsDir, offline: config.offline, root: config.root });
  // One health service for the whole check: once a model's upstream is found unreachable (its
  // breaker opened while checking one task), the tasks after it say so at once instead of each
  // retrying every case against the same dead address.
  const availability = options.noRun
    ? noModels('--no-run was given')
    : (id: string) => {
        const known = statically(id);
        if (!known.available || health.isAvailable(id)) return known;
        const entry = health.get(id);
        return { available: false as const, reason: `model ${id} is ${entry.state}: ${entry.advice ?? 'no detail'}` };
      };
  return {
    catalog,
    deps: {
      models,
      getEvaluator,
      availability,
      catalogue: createModelCatalogue({ modelsConfig, modelsDir: config.modelsDir, offline: config.offline, root: config.root }),
      cache: () => {
        db ??= openDatabase(config.databasePath);
        cache ??= createSqliteResponseCache(db);
        return cache;
      },
      concurrency: config.concurrency,
      timeoutMs: config.timeoutMs,
      displayRoot: config.root,
    },
    async close() {
      db?.close();
      await inferencePool?.close();
    },
  };
}
