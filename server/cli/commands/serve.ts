// `sandbox serve` (and `npm start`): the HTTP server on the embedded SQLite database (or the
// PostgreSQL database DATABASE_URL names), with the submission queue grading in the background
// (`--role all`, the default). `--role web` serves pages, API and gateway without grading:
// `sandbox worker` processes on the same database grade.
// On first start it prints a one-time staff sign-in URL.
import http from 'node:http';
import { z } from 'zod';
import { UsageError, parseFlags } from '../args.js';
import { baseUrl, listeningUrl } from '../base-url.js';
import type { Runtime } from '../../runtime.js';
import { systemClock } from '../../clock.js';
import { createSandboxListener } from '../../http/sandbox-listener.js';
import { webStatic } from '../../http/web-static.js';
import { databaseLabel, startProcessServices } from '../../process-services.js';
import { defaultBreakerPolicy } from '../../models/health/model-health.js';
import { probeOpenAIProviders } from '../../models/openai/reachability-probe.js';
import { modelHealthChangeLine, modelHealthTable } from '../model-health-table.js';
import type { Output } from '../output.js';

export const serveUsage = `Usage: sandbox serve [--role all|web]

  --role all   web, API, gateway and grading in one process (the default)
  --role web   web, API and gateway only; \`sandbox worker\` processes on the same database grade`;

const ServeFlags = z.object({ role: z.enum(['all', 'web']).default('all'), help: z.boolean().optional() }).strict();

export function parseServeFlags(argv: string[]): { role: 'all' | 'web' } {
  const { flags, positionals } = parseFlags(argv, { role: { type: 'string' }, help: { type: 'boolean' } }, ServeFlags, serveUsage);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n\n${serveUsage}`);
  return { role: flags.role };
}

export async function runServe(runtime: Runtime, output: Output, options: { role: 'all' | 'web' } = { role: 'all' }): Promise<number> {
  const problems = runtime.catalog.checks().filter((check) => check.problems.length);
  for (const check of problems) output.err(`warning: ${check.id} is invalid and is not served (run \`npm run sandbox -- tasks check ${check.id}\`)`);
  const { config } = runtime;
  const log = (line: string) => output.err(line);
  const started = await startProcessServices(runtime, options.role, log);
  const { services } = started;
  // The gateway's fast lane first, then the express app (sandbox-listener.ts).
  const { listener } = createSandboxListener({
    config,
    catalog: runtime.catalog,
    models: runtime.models,
    getEvaluator: runtime.getEvaluator,
    cache: services.stores.responseCache,
    clock: systemClock,
    services,
    log,
    mountWeb: (express) => void express.use(webStatic()),
  });
  const server = http.createServer(listener).listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  if (options.role === 'all') services.queue.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = baseUrl(config, port);
  const listening = listeningUrl(config.host, port);
  output.out(`Sandbox listening on ${listening}${base === listening ? '' : ` (people open ${base})`}`);
  output.out(`  ${runtime.catalog.tasks().length} tasks, ${runtime.models.list().length} models, database ${databaseLabel(runtime)}`);
  if (options.role === 'web') output.out('  role web: not grading; `sandbox worker` processes on this database grade submissions');
  // Which models students can use, and what to do about the others (students never see the advice).
  // The API upstreams are probed first (GET /models, a few seconds at most, never a paid call).
  const probe = (onlyState?: 'unreachable') =>
    probeOpenAIProviders({ modelsConfig: runtime.modelsConfig, env: config.env, health: runtime.modelHealth, ...(onlyState ? { onlyState } : {}) });
  await probe();
  output.out('');
  for (const line of modelHealthTable(runtime.models.list(), runtime.modelHealth.all())) output.out(`  ${line}`);
  if (!runtime.models.list().some((model) => model.available !== false))
    output.err('warning: no configured model can be used; students can sign in but cannot run anything');
  runtime.modelHealth.onChange((entry, previous) => log(modelHealthChangeLine(entry, previous)));
  // An unreachable upstream is probed again every breaker cooldown, so its models come back to the
  // pickers by themselves when it does. unref: the timer never keeps the process alive.
  const reprobe = setInterval(() => void probe('unreachable').catch(() => {}), defaultBreakerPolicy.cooldownMs);
  reprobe.unref();
  const signIn = await services.accounts.ensureFirstStaff(base);
  if (signIn) {
    output.out('');
    output.out('  No staff member has signed in yet. Open this one-time link to sign in as staff:');
    output.out(`    ${signIn}`);
    output.out('  (it works once; until a staff member signs in, every start prints a new one)');
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      clearInterval(reprobe);
      const closed = new Promise<void>((done) => server.close(() => done()));
      // Open event streams would keep the server alive.
      server.closeAllConnections();
      // Gradings in flight are cancelled and stay in the database: the next start grades them.
      // Analysis jobs end failed ("stopped with the server"): staff start them again.
      // Then its row in server_instances goes: what it still held is released by the next start.
      void Promise.all([closed, started.stop()]).then(() => resolve());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await runtime.close();
  return 0;
}
