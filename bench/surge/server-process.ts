// The sandbox server under test, in its own process (so the load generator does not share its
// event loop): createApp and the submission queue on a real SQLite file in a temp folder, the surge
// task, one model `bench-model` that is either a generated local model run by an inference pool of
// `pool` members, or the OpenAI-compatible stub at `apiUrl`. Controlled over IPC:
//   -> { listening: { url, tokens } }   when listening (tokens: one personal access token per student)
//   <- 'drain'  -> { drained: { graded, failed, errored } }   when the queue is empty
//   <- 'close'                stops everything and exits
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { createInferencePool } from '../../server/models/inference-pool/inference-pool.js';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { poolSettings, providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';
import { createTestSandbox } from '../../testkit/sandbox-app.js';
import { writeSurgeTask } from './surge-task.js';

const OptionsSchema = z.object({
  mode: z.enum(['local', 'api']),
  pool: z.number().int().min(1),
  modelsDir: z.string().optional(),
  /** The generated model folder under modelsDir (local mode). */
  folder: z.string().default('tiny-slow'),
  apiUrl: z.string().optional(),
  students: z.number().int().positive(),
  gradingWorkers: z.number().int().positive(),
  concurrency: z.number().int().positive(),
  /** onnxruntime threads per pool member; absent: the cores shared out (the server's default). */
  threadsPerMember: z.number().int().positive().optional(),
});
const options = OptionsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'surge-server-'));
const tasksDir = path.join(dir, 'tasks');
writeSurgeTask(tasksDir, 'bench-model');
const pool =
  options.mode === 'local'
    ? createInferencePool({
        size: options.pool,
        settings: poolSettings({ modelsDir: options.modelsDir!, offline: true }),
        ...(options.threadsPerMember ? { threadsPerMember: options.threadsPerMember } : {}),
      })
    : null;
const yaml =
  options.mode === 'local'
    ? `providers:\n  local: { type: transformers, offline: true }\nmodels:\n  - { id: bench-model, provider: local, model: ${options.folder}, kind: text, style: completion }\n`
    : `providers:\n  stub: { type: openai, baseURL: ${options.apiUrl}, apiKeyEnv: BENCH_KEY }\nmodels:\n  - { id: bench-model, provider: stub, kind: text, style: completion }\n`;
const models = createModelRegistry({
  config: parseModelsConfig(yaml, 'surge models.yaml'),
  env: { BENCH_KEY: 'bench' },
  factories: providerFactories({ timeoutMs: 60_000, modelsDir: options.modelsDir ?? dir, offline: true }, pool),
});
const sandbox = await createTestSandbox({
  dir,
  baseURL: options.apiUrl ?? 'http://127.0.0.1:9/v1',
  apiKey: 'bench',
  models,
  tasksDir,
  gradingWorkers: options.gradingWorkers,
  concurrency: options.concurrency,
  // The surge lifted the limits so that they did not dominate.
  quotas: { rateLimitPerMinute: 0, maxConcurrentRequests: 1000, tokenBudget: 100_000_000, requestBudget: 1_000_000 },
});
// Loads the model in every member before the clock starts (a real server has been up for a while).
if (pool) {
  await pool.start();
  const model = models.get('bench-model');
  await model.ready?.();
  if (model.kind === 'text') {
    await Promise.all(
      Array.from({ length: options.pool }, (_, i) =>
        model.generate({ prompt: { style: 'completion', text: `warm ${i}` }, temperature: 0, topP: 1, maxTokens: 1, stop: [] }),
      ),
    );
  }
}
const server = http.createServer(sandbox.listener).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const address = server.address() as { port: number };
const tokens = Array.from({ length: options.students }, (_, i) => sandbox.student(`Student ${i}`).token);
process.send!({ listening: { url: `http://127.0.0.1:${address.port}`, tokens } });

async function close() {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await sandbox.stop();
  await pool?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

process.on('message', (message) => {
  if (message === 'drain') {
    void sandbox.services.queue.idle().then(() => {
      const rows = sandbox.db.prepare('SELECT status, COUNT(*) AS n FROM submissions GROUP BY status').all() as { status: string; n: number }[];
      const count = (status: string) => rows.find((row) => row.status === status)?.n ?? 0;
      const reports = sandbox.db.prepare("SELECT report FROM submissions WHERE status = 'graded'").all() as { report: string }[];
      const errored = reports.reduce((sum, row) => sum + ((JSON.parse(row.report) as { counts?: { errored?: number } }).counts?.errored ?? 0), 0);
      process.send!({ drained: { graded: count('graded'), failed: count('failed'), errored } });
    });
  }
  if (message === 'close') void close();
});
process.on('disconnect', () => void close());
