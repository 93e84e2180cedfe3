// What `sandbox tasks check` needs from the real environment: the catalog, models.yaml and its
// registry, which models are really available, and a response cache opened only if a model runs.
import type { Catalog } from '../../catalog/catalog.js';
import type { Config } from '../../config.js';
import { getEvaluator } from '../../../evaluators/index.js';
import { loadModels, openCatalog, openInferencePool } from '../../runtime.js';
import type { SoundnessDeps } from '../../soundness/check-task.js';
import { createModelAvailability, noModels } from '../../soundness/model-availability.js';
import { openDatabase, type SqliteDatabase } from '../../storage/open-database.js';
import { createSqliteResponseCache } from '../../storage/response-cache.js';
import type { ResponseCache } from '../../grading/response-cache.js';

export type TasksCheckSession = { catalog: Catalog; deps: SoundnessDeps; close(): Promise<void> };

export function openTasksCheck(config: Config, options: { noRun: boolean }): TasksCheckSession {
  // The same pool as the server's: reference and baseline runs use every core. Members start only
  // if a local model really runs (not with --no-run).
  const inferencePool = openInferencePool(config);
  const { modelsConfig, models } = loadModels(config, inferencePool);
  const catalog = openCatalog(config, models.list().map((model) => model.id));
  let db: SqliteDatabase | null = null;
  let cache: ResponseCache | null = null;
  const availability = options.noRun
    ? noModels('--no-run was given')
    : createModelAvailability({ modelsConfig, env: config.env, modelsDir: config.modelsDir, offline: config.offline, root: config.root });
  return {
    catalog,
    deps: {
      models,
      getEvaluator,
      availability,
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
