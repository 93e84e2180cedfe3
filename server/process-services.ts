// The services of a `serve` or `worker` process over its runtime: the stores DATABASE_URL names,
// and the grading queue that goes with them (the embedded one on SQLite; pg-boss on PostgreSQL,
// loaded only then). One function so that both commands start and stop them in the same order.
import { systemClock } from './clock.js';
import type { Runtime } from './runtime.js';
import { createServices, type ProcessRole, type Services } from './services.js';

export type ProcessServices = {
  services: Services;
  /** Stops grading and jobs, leaves the list of processes, then stops the job queue's client. */
  stop(): Promise<void>;
};

export async function startProcessServices(runtime: Runtime, role: ProcessRole, log: (line: string) => void): Promise<ProcessServices> {
  const { config } = runtime;
  const stores = await runtime.stores();
  const pgBoss =
    config.database.kind === 'postgres'
      ? await (await import('./submissions/open-pgboss-queue.js')).openPgBossQueue(config.database.url, config.pgQueue, log)
      : null;
  const services = await createServices({
    config,
    role,
    instanceId: runtime.instanceId,
    stores,
    catalog: runtime.catalog,
    models: runtime.models,
    getEvaluator: runtime.getEvaluator,
    cache: stores.responseCache,
    clock: systemClock,
    log,
    ...(pgBoss ? { queue: pgBoss.queue } : {}),
  });
  return {
    services,
    async stop() {
      await services.stop();
      await pgBoss?.stop();
    },
  };
}

/** Where the database is, for the start-up line (a PostgreSQL URL without its password). */
export function databaseLabel(runtime: Runtime): string {
  const { database } = runtime.config;
  if (database.kind === 'sqlite') return database.path;
  try {
    const url = new URL(database.url);
    if (url.password) url.password = '***';
    return `PostgreSQL ${url.toString()}`;
  } catch {
    return 'PostgreSQL';
  }
}
