// What every scenario's processes share: a temp folder with the surge task (bench/surge: ten cases a
// submission, one forward pass each), the generated models (testkit/slow-models.ts: tiny-slow as
// `bench-model`, about 40 ms a case on one core) plus `gpt-4o-mini` on the fake OpenAI server for
// the gateway, and the environment of a `serve`/`worker` process on a given database. Students
// and their tokens are made through the stores, as staff tools would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStores } from '../../server/storage/open-stores.js';
import { makeSlowModelsDir, slowModelsYaml } from '../../testkit/slow-models.js';
import { writeSurgeTask } from '../surge/surge-task.js';

export const MODEL_ID = 'bench-model';
export const GATEWAY_MODEL = 'gpt-4o-mini';
const FAKE_KEY = 'bench-scale';
/** Lifted so that no limit shapes the figures (issue 17's surge did the same). */
const QUOTAS = { tokenBudget: 100_000_000, requestBudget: 1_000_000, rateLimitPerMinute: 0, maxConcurrentRequests: 1000 };

export type Deployment = {
  dir: string;
  /** The environment of a sandbox process on `database` (a postgres:// URL, or a SQLite file path). */
  env(database: string, extra: { inferencePool: number }): NodeJS.ProcessEnv;
  /** Students with a personal access token each, on `database`. */
  students(database: string, count: number, prefix: string): Promise<{ token: string }[]>;
  remove(): Promise<void>;
};

export async function makeDeployment(options: { busySteps: number; gatewayUrl: string; gradingWorkers: number; concurrency: number }): Promise<Deployment> {
  const models = await makeSlowModelsDir(options.busySteps, 1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  const tasksDir = path.join(dir, 'tasks');
  writeSurgeTask(tasksDir, MODEL_ID);
  const modelsConfig = path.join(dir, 'models.yaml');
  fs.writeFileSync(
    modelsConfig,
    slowModelsYaml({
      slowId: MODEL_ID,
      providers: [`fake: { type: openai, baseURL: ${options.gatewayUrl}, apiKeyEnv: FAKE_OPENAI_KEY }`],
      models: [`{ id: ${GATEWAY_MODEL}, provider: fake, kind: text, style: chat }`],
    }),
  );
  return {
    dir,
    env: (database, extra) => ({
      PATH: process.env.PATH,
      HOME: dir,
      PORT: '0',
      DATABASE_URL: database,
      SANDBOX_DATA_DIR: path.join(dir, 'data'),
      SANDBOX_MODELS_CONFIG: modelsConfig,
      SANDBOX_MODELS_DIR: models.dir,
      SANDBOX_OFFLINE: '1',
      SANDBOX_TASKS_DIR: tasksDir,
      FAKE_OPENAI_KEY: FAKE_KEY,
      SANDBOX_TOKEN_BUDGET: String(QUOTAS.tokenBudget),
      SANDBOX_REQUEST_BUDGET: String(QUOTAS.requestBudget),
      SANDBOX_RATE_LIMIT_PER_MINUTE: String(QUOTAS.rateLimitPerMinute),
      SANDBOX_MAX_CONCURRENT_REQUESTS: String(QUOTAS.maxConcurrentRequests),
      SANDBOX_GRADING_WORKERS: String(options.gradingWorkers),
      SANDBOX_CONCURRENCY: String(options.concurrency),
      SANDBOX_INFERENCE_POOL: String(extra.inferencePool),
      // An idle pg-boss worker asks for a job every 0.5 s (the least allowed), so a worker that
      // finished one does not sit out the default 2 s when the queue was empty a moment ago.
      SANDBOX_QUEUE_POLL_SECONDS: '0.5',
      NO_COLOR: '1',
    }),
    async students(database, count, prefix) {
      const stores = await openStores(database, { clock: { now: () => Date.now() }, quotas: QUOTAS, sessionDays: 14 });
      try {
        const made: { token: string }[] = [];
        for (let n = 0; n < count; n++) {
          const user = await stores.users.create({ email: `${prefix}${n}@example.edu`, name: `Student ${prefix}${n}`, role: 'student', section: null });
          made.push({ token: await stores.credentials.issueToken(user.id) });
        }
        return made;
      } finally {
        await stores.close();
      }
    },
    async remove() {
      await models.remove();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
