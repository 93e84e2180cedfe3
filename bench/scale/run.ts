// Issue 12's scale benchmark: grading throughput of a local-model task (generated tiny models,
// about 40 ms of onnxruntime work a case) with one and two `sandbox worker` processes on one
// PostgreSQL server, the embedded SQLite default beside it, the latency of the gateway and of
// POST /api/submissions through two web processes (idle and while grading), and what PostgreSQL
// does per submission, per gateway request and per idle second: the inputs of bench/README.md's
// projection of a deadline hour. Everything on 127.0.0.1, bounded to a few minutes.
// Run: npm run bench:scale [-- --submissions N]   (figures go to bench/results/scale-<date>.json)
//
// Settings, the same for every grading process: a pool of 1 member with one onnxruntime thread
// (one-core-preload.js), so one worker uses one core and two use two.
// SANDBOX_GRADING_WORKERS=2 and SANDBOX_CONCURRENCY=2: a member runs one case at a time, so more
// calls in flight only lengthen its queue; two submissions of two calls each keep one case waiting
// behind the running one while a finished submission is written and the next one claimed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SURGE_CASES_PER_SUBMISSION } from '../surge/surge-task.js';
import { startServerChild } from '../support/fake-server-child.js';
import { repoRoot } from '../../testkit/sentiment-fixture.js';
import { GATEWAY_MODEL, makeDeployment } from './deployment.js';
import { postgresScenarios } from './postgres-scenarios.js';
import { sqliteScenarios } from './sqlite-scenarios.js';

/** 512-wide vector-matrix products per forward pass (bench/surge's local-compute model). */
const BUSY_STEPS = 800;
const GRADING_WORKERS = 2;
const CONCURRENCY = 2;

const here = path.dirname(fileURLToPath(import.meta.url));
const argIndex = process.argv.indexOf('--submissions');
const submissions = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 40;
// bin/sandbox.js runs dist/ while it matches the sources (`npm run build`), else the sources through tsx.
const compiledDist = '../../bin/compiled-dist.js';
const { freshCompiledFile } = (await import(compiledDist)) as { freshCompiledFile(root: string, entry: string): string | null };
const compiled = freshCompiledFile(repoRoot, 'server/cli/main.js') !== null;
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

async function main() {
  const uptimeAtStart = uptime();
  console.log(
    `Scale: ${submissions} submissions a scenario (${SURGE_CASES_PER_SUBMISSION} cases each), ${compiled ? 'compiled dist/' : 'sources through tsx'}; ${os.cpus().length} CPUs; ${uptimeAtStart}`,
  );
  const started = performance.now();
  const fake = await startServerChild({ apiKey: 'bench-scale', models: [GATEWAY_MODEL], latencyMs: 0 });
  const deployment = await makeDeployment({ busySteps: BUSY_STEPS, gatewayUrl: fake.url, gradingWorkers: GRADING_WORKERS, concurrency: CONCURRENCY });
  try {
    const postgres = await postgresScenarios(deployment, submissions);
    const sqlite = await sqliteScenarios(deployment, submissions);
    const [a, b] = postgres.throughput;
    const ratio = (x: number, y: number) => Math.round((x / y) * 100) / 100;
    const ratios = {
      postgres2Over1: ratio(b!.submissionsPerMinute, a!.submissionsPerMinute),
      sqliteWorkers2OverPostgres2: ratio(sqlite[2]!.submissionsPerMinute, b!.submissionsPerMinute),
      sqliteAllPool1OverPostgres1: ratio(sqlite[0]!.submissionsPerMinute, a!.submissionsPerMinute),
      sqliteAllPool2OverPool1: ratio(sqlite[1]!.submissionsPerMinute, sqlite[0]!.submissionsPerMinute),
    };
    const uptimeAtEnd = uptime();
    console.log(`PostgreSQL 2 workers / 1 worker: ${ratios.postgres2Over1}x; ${uptimeAtEnd}; ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const date = new Date().toISOString();
    const out = path.join(here, `../results/scale-${date.slice(0, 10)}.json`);
    fs.writeFileSync(
      out,
      `${JSON.stringify(
        {
          date,
          machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', uptimeAtStart, uptimeAtEnd },
          seconds: Math.round((performance.now() - started) / 1000),
          setup: {
            compiled,
            submissionsPerScenario: submissions,
            casesPerSubmission: SURGE_CASES_PER_SUBMISSION,
            students: 10,
            model: `tiny-slow: ${BUSY_STEPS} 512-wide vector-matrix products per forward pass (testkit/slow-models.ts), one forward pass a case`,
            gradingProcess: 'inference pool of 1 member, 1 onnxruntime thread (one-core-preload.js), unless said',
            gradingWorkers: GRADING_WORKERS,
            concurrency: CONCURRENCY,
            queuePollSeconds: 0.5,
            timing: 'first claim (started_at) to last grade (graded_at) of the batch, from the rows',
            postgres: 'throwaway cluster, fsync off, pg_stat_statements; Debian postgresql binaries',
          },
          throughput: [...postgres.throughput, ...sqlite],
          ratios,
          latency: postgres.latency,
          database: postgres.database,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`Wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await deployment.remove();
    await fake.close();
  }
}

await main();
