// The embedded default for comparison, each on a fresh SQLite file: one `serve --role all` with a
// pool of 1 on one thread (like PostgreSQL's one worker), the same with the default pool of 2
// (one onnxruntime thread per member, both cores), and two `serve --role web` with two one-core
// `sandbox worker`s on the same file (like PostgreSQL's two workers).
import path from 'node:path';
import type { Deployment } from './deployment.js';
import { type SandboxProcess, startSandbox } from './sandbox-processes.js';
import { sqliteRows } from './submissions.js';
import { measureBatch, warmUp } from './throughput.js';

/** `all`: one `serve --role all` with that pool (oneCore: its member on one thread); else `workers` one-core workers. */
type Layout = { name: string; webs: number; all: { pool: number; oneCore: boolean } | null; workers: number };

const LAYOUTS: Layout[] = [
  { name: 'SQLite, serve --role all, pool 1', webs: 0, all: { pool: 1, oneCore: true }, workers: 0 },
  { name: 'SQLite, serve --role all, pool 2', webs: 0, all: { pool: 2, oneCore: false }, workers: 0 },
  { name: 'SQLite, 2 web + 2 workers', webs: 2, all: null, workers: 2 },
];

export async function sqliteScenarios(deployment: Deployment, submissions: number) {
  const results = [];
  for (const [i, layout] of LAYOUTS.entries()) {
    const file = path.join(deployment.dir, `sqlite-${i}.db`);
    const database = `sqlite:${file}`;
    const tokens = (await deployment.students(database, 10, `sq${i}-`)).map((s) => s.token);
    const processes: SandboxProcess[] = [];
    const start = async (args: string[], pool: number, oneCore = false) => {
      const started = await startSandbox(args, deployment.env(database, { inferencePool: pool }), { oneCore });
      processes.push(started);
      return started;
    };
    const reader = sqliteRows(file);
    try {
      const all = layout.all ? await start(['serve'], layout.all.pool, layout.all.oneCore) : null;
      const webs = all ? [all] : [];
      for (let n = 0; n < layout.webs; n++) webs.push(await start(['serve', '--role', 'web'], 1));
      const graders = all ? [all] : [];
      for (let n = 0; n < layout.workers; n++) graders.push(await start(['worker'], 1, true));
      const setup = {
        bases: webs.map((w) => w.base),
        tokens,
        reader,
        graderPids: graders.map((g) => g.pid),
        webPids: all ? [] : webs.map((w) => w.pid),
        cores: layout.all ? layout.all.pool : layout.workers,
      };
      await warmUp(setup);
      results.push(await measureBatch(layout.name, setup, submissions));
    } finally {
      for (const child of processes.reverse()) await child.stop();
      await reader.close();
    }
  }
  return results;
}
