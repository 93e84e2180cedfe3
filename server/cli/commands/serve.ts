// `sandbox serve` (and `npm start`): the HTTP server on the embedded SQLite database.
import type { Runtime } from '../../runtime.js';
import { createApp } from '../../http/create-app.js';
import type { Output } from '../output.js';

export async function runServe(runtime: Runtime, output: Output): Promise<number> {
  const problems = runtime.catalog.checks().filter((check) => check.problems.length);
  for (const check of problems) output.err(`warning: ${check.id} is invalid and is not served (run \`npm run sandbox -- tasks check ${check.id}\`)`);
  const app = createApp({ catalog: runtime.catalog, models: runtime.models, log: (line) => output.err(line) });
  const server = app.listen(runtime.config.port, runtime.config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : runtime.config.port;
  output.out(`Sandbox listening on http://${runtime.config.host === '0.0.0.0' ? 'localhost' : runtime.config.host}:${port}`);
  output.out(`  ${runtime.catalog.tasks().length} tasks, ${runtime.models.list().length} models, database ${runtime.config.databasePath}`);
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  runtime.close();
  return 0;
}
