// The sandbox gateway in its own process for the benchmark: createSandboxListener (the fast lane,
// then createApp's express app) over a real SQLite file in a temp directory, one student with a
// personal token, models behind the fake server given as argv. Sends { url, token } over IPC once listening; 'close' stops it.
import fs from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { getEvaluator, evaluatorNames } from '../../evaluators/index.js';
import { newId } from '../../server/accounts/secrets.js';
import { createCatalog } from '../../server/catalog/catalog.js';
import { systemClock } from '../../server/clock.js';
import { createSandboxListener } from '../../server/http/sandbox-listener.js';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';
import { createServices } from '../../server/services.js';
import { openDatabase } from '../../server/storage/open-database.js';
import { sqliteStores } from '../../server/storage/sqlite-stores.js';

const { backendURL, apiKey, model: MODEL_ID } = JSON.parse(process.argv[2] ?? '{}') as { backendURL: string; apiKey: string; model: string };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-gateway-'));
const db = openDatabase(path.join(dir, 'sandbox.db'));
const models = createModelRegistry({
  config: parseModelsConfig(
    `providers:\n  fake: { type: openai, baseURL: ${backendURL}, apiKeyEnv: BENCH_KEY }\nmodels:\n  - { id: ${MODEL_ID}, provider: fake, kind: text, style: chat, pricing: { inputPerMillion: 0.15, outputPerMillion: 0.6 } }\n`,
    'bench models.yaml',
  ),
  env: { BENCH_KEY: apiKey },
  factories: providerFactories({ timeoutMs: 30_000 }),
});
const catalog = createCatalog({ tasksDir: path.resolve(import.meta.dirname, '../../test/fixtures/tasks'), getEvaluator, evaluatorNames: evaluatorNames() });
// Budgets large enough never to refuse, and no rate limit: the benchmark measures the path, not the limits.
const config = {
  cookieSecure: false,
  sessionDays: 1,
  concurrency: 4,
  timeoutMs: 30_000,
  gatewayMaxTokens: 1024,
  gradingWorkers: 1,
  gradingTimeBudgetMs: 900_000,
  gradingMaxAttempts: 3,
  quotas: { tokenBudget: 1_000_000_000, requestBudget: 100_000_000, rateLimitPerMinute: 0, maxConcurrentRequests: 1000 },
};
const log = () => {};
const instanceId = newId('bench');
const stores = sqliteStores(db, { clock: systemClock, quotas: config.quotas, sessionDays: config.sessionDays, instanceId });
const cache = stores.responseCache;
const services = await createServices({ config, instanceId, stores, catalog, models, getEvaluator, cache, clock: systemClock, log });
const { listener } = createSandboxListener({ config, catalog, models, getEvaluator, cache, clock: systemClock, services, log });
const user = await services.accounts.users.create({ email: 'bench@example.edu', name: 'Bench', role: 'student' });
const token = await services.accounts.credentials.issueToken(user.id);
const server = http.createServer(listener).listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.send?.({ url: `http://127.0.0.1:${address.port}/v1`, token });
});
let stopping = false;
const stop = () => {
  // 'close' then the parent's disconnect: stop once (the services stop is async).
  if (stopping) return;
  stopping = true;
  server.close(async () => {
    await services.stop();
    const calls = db.prepare('SELECT COUNT(*) FROM model_calls').pluck().get();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.send?.({ closed: calls });
    process.exit(0);
  });
};
/** Where a gateway request's time goes: the provider call alone (through the SDK, and through the gateway's forwarding path) and the ledger alone, sequentially. */
async function probe(n: number) {
  const model = models.get(MODEL_ID);
  if (model.kind !== 'text' || !model.forward) throw new Error('bench model must be a text model with a forwarding path');
  const forward = model.forward;
  const request = {
    prompt: { style: 'chat' as const, messages: [{ role: 'user' as const, content: 'Review: the benchmark went well.' }] },
    temperature: 0,
    topP: 1,
    maxTokens: 8,
    stop: [],
  };
  const time = async (work: () => unknown) => {
    for (let i = 0; i < 20; i++) await work();
    const started = performance.now();
    for (let i = 0; i < n; i++) await work();
    return (performance.now() - started) / n;
  };
  const call = { userId: user.id, scope: 'probe', source: 'bench', model: MODEL_ID, mode: 'enforce' as const };
  return {
    providerCallMs: await time(() => model.generate(request)),
    forwardCallMs: await time(() => forward(request)),
    ledgerMs: await time(async () =>
      services.ledger.settle(await services.ledger.reserve(call, 100), {
        ok: true,
        reached: true,
        usage: { promptTokens: 5, completionTokens: 3 },
        latencyMs: 1,
        costUsd: 0,
      }),
    ),
    authMs: await time(() => services.accounts.userForToken(token)),
  };
}

/** A CPU profile of the measured window only (not start-up and module loading): written to `file`. */
let profiler: Session | null = null;
async function startProfile() {
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 250 });
  await profiler.post('Profiler.start');
}
async function stopProfile(file: string) {
  const { profile } = await profiler!.post('Profiler.stop');
  profiler!.disconnect();
  profiler = null;
  fs.writeFileSync(file, JSON.stringify(profile));
  return file;
}

process.on('message', (message) => {
  if (message === 'profile:start') void startProfile().then(() => process.send?.({ profiling: true }));
  if (typeof message === 'string' && message.startsWith('profile:stop:'))
    void stopProfile(message.slice('profile:stop:'.length)).then((file) => process.send?.({ profile: file }));
  if (message === 'probe') void probe(500).then((result) => process.send?.({ probe: result }));
  // CPU time of this process: the gateway's own cost per request, whatever else the machine runs.
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (message === 'close') {
    server.closeAllConnections();
    stop();
  }
});
process.on('disconnect', stop);
