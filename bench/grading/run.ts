// Grading throughput against the OpenAI-compatible test server with a fixed latency, and a fully
// cached regrade. Run: npm run bench:grading   (figures go to bench/results/grading.json)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getEvaluator } from '../../evaluators/index.js';
import { gradeProgram } from '../../server/grading/grade-program.js';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';
import { openDatabase } from '../../server/storage/open-database.js';
import { createSqliteResponseCache } from '../../server/storage/response-cache.js';
import { startServerChild } from '../support/fake-server-child.js';
import { benchProgram, syntheticTask } from './synthetic-task.js';

const LATENCY_MS = 100;
const CASES = 200;
const CACHED_CASES = 1_000;
const CONCURRENCIES = [1, 4, 16, 32];
const REPEATS = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  // The server runs in its own process: in this one it would compete with the grader for the event loop.
  const server = await startServerChild({ apiKey: 'bench', models: ['bench-chat'], latencyMs: LATENCY_MS });
  const config = parseModelsConfig(
    `providers:\n  fake: { type: openai, baseURL: ${server.url}, apiKeyEnv: BENCH_KEY }\nmodels:\n  - { id: bench-chat, provider: fake, kind: text, style: chat }\n`,
    'bench models.yaml',
  );
  const models = createModelRegistry({ config, env: { BENCH_KEY: 'bench' }, factories: providerFactories({ timeoutMs: 30_000 }) });
  const task = syntheticTask(CASES);
  const rows: { concurrency: number; seconds: number; casesPerSecond: number; bound: number; ofBound: number }[] = [];

  console.log(`Grading ${CASES} cases, fixed server latency ${LATENCY_MS} ms, median of ${REPEATS} runs after a warm-up (${os.cpus().length} CPUs)`);
  console.log('concurrency | seconds | cases/s | bound (c/latency) | % of bound');
  for (const concurrency of CONCURRENCIES) {
    const repeats = concurrency === 1 ? 1 : REPEATS; // 20 s a run at concurrency 1; once is enough
    const times: number[] = [];
    // One untimed warm-up run per level opens the keep-alive connections that level needs.
    if (concurrency > 1)
      await gradeProgram(syntheticTask(concurrency * 2), benchProgram, { models, getEvaluator, cache: null }, { split: 'test', concurrency });
    for (let r = 0; r < repeats; r++) {
      const started = performance.now();
      const report = await gradeProgram(task, benchProgram, { models, getEvaluator, cache: null }, { split: 'test', concurrency });
      times.push((performance.now() - started) / 1000);
      if (report.metric !== 1 || report.counts.errored) throw new Error(`bench run lost cases: ${JSON.stringify(report.counts)}`);
    }
    const seconds = median(times);
    const casesPerSecond = CASES / seconds;
    const bound = concurrency / (LATENCY_MS / 1000);
    rows.push({ concurrency, seconds, casesPerSecond, bound, ofBound: casesPerSecond / bound });
    console.log(
      `${String(concurrency).padStart(11)} | ${seconds.toFixed(2).padStart(7)} | ${casesPerSecond.toFixed(1).padStart(7)} | ${bound.toFixed(0).padStart(17)} | ${((100 * casesPerSecond) / bound).toFixed(1).padStart(9)}%`,
    );
  }

  // Fully cached regrade: fill the cache once, then time regrades that must make no model call.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const db = openDatabase(path.join(tmp, 'cache.db'));
  const cache = createSqliteResponseCache(db);
  const big = syntheticTask(CACHED_CASES);
  await gradeProgram(big, benchProgram, { models, getEvaluator, cache }, { split: 'test', concurrency: 32 });
  const callsBefore = (await server.stats()).byPath['/v1/chat/completions'] ?? 0;
  const regradeTimes: number[] = [];
  let modelCalls = 0;
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    const report = await gradeProgram(big, benchProgram, { models, getEvaluator, cache }, { split: 'test', concurrency: 4 });
    regradeTimes.push((performance.now() - started) / 1000);
    modelCalls += report.usage.modelCalls;
  }
  const serverCalls = ((await server.stats()).byPath['/v1/chat/completions'] ?? 0) - callsBefore;
  const regradeSeconds = median(regradeTimes);
  console.log(
    `\nCached regrade of ${CACHED_CASES} cases: median ${regradeSeconds.toFixed(3)} s over 5 runs; model calls ${modelCalls}, server requests ${serverCalls}`,
  );
  db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  await server.close();

  const at16 = rows.find((row) => row.concurrency === 16)!;
  const targets = {
    concurrency16AtLeast90PercentOfBound: at16.ofBound >= 0.9,
    cachedRegradeUnder1s: regradeSeconds < 1,
    cachedRegradeZeroModelCalls: modelCalls === 0 && serverCalls === 0,
  };
  console.log(`\nTargets: ${JSON.stringify(targets)}`);
  const results = {
    benchmark: 'grading',
    recordedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
    latencyMs: LATENCY_MS,
    cases: CASES,
    throughput: rows,
    cachedRegrade: { cases: CACHED_CASES, medianSeconds: regradeSeconds, runs: regradeTimes, modelCalls, serverRequests: serverCalls },
    targets,
  };
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results', 'grading.json');
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Wrote ${path.relative(process.cwd(), out)}`);
  if (!Object.values(targets).every(Boolean)) process.exitCode = 1;
}

await main();
