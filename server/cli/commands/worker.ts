// `sandbox worker`: grades queued submissions and nothing else, beside `sandbox serve --role web`
// processes on the same database (or as many workers as the machines allow). It needs the tasks
// and the models, not the web app: it listens on no port. SANDBOX_GRADING_WORKERS submissions at
// a time, each with SANDBOX_CONCURRENCY model calls. SIGINT/SIGTERM hand gradings in flight back
// to the queue (their attempt refunded); a worker that dies instead loses its leases, and another
// worker takes its submissions once the leases expire (SANDBOX_GRADING_LEASE_MS).
import { databaseLabel, startProcessServices } from '../../process-services.js';
import type { Runtime } from '../../runtime.js';
import { modelHealthChangeLine } from '../model-health-table.js';
import type { Output } from '../output.js';

export const workerUsage = `Usage: sandbox worker

Grades queued submissions (SANDBOX_GRADING_WORKERS at a time) from the database that
\`sandbox serve --role web\` processes write to; serves no pages. Stop it with SIGTERM or Ctrl-C.`;

export async function runWorker(runtime: Runtime, output: Output): Promise<number> {
  const problems = runtime.catalog.checks().filter((check) => check.problems.length);
  for (const check of problems)
    output.err(`warning: ${check.id} is invalid; its submissions cannot be graded here (run \`npm run sandbox -- tasks check ${check.id}\`)`);
  const { config } = runtime;
  const log = (line: string) => output.err(line);
  const started = await startProcessServices(runtime, 'worker', log);
  const { services } = started;
  services.queue.start();
  output.out(
    `Sandbox worker grading ${config.gradingWorkers} submission${config.gradingWorkers > 1 ? 's' : ''} at a time from ${databaseLabel(runtime)} (${runtime.catalog.tasks().length} tasks, ${runtime.models.list().length} models)`,
  );
  runtime.modelHealth.onChange((entry, previous) => log(modelHealthChangeLine(entry, previous)));
  // The queue's timers do not hold a process open (they are unref'd for the server and the tests):
  // a worker has no listening socket, so this keeps it running until it is told to stop.
  const keepAlive = setInterval(() => {}, 60_000);
  await new Promise<void>((resolve) => {
    const stop = () => {
      clearInterval(keepAlive);
      void started.stop().then(() => resolve());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await runtime.close();
  return 0;
}
