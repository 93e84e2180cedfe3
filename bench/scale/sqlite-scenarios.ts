// The embedded default for comparison, each on a fresh SQLite file: one `serve --role all` with a
// pool of 1 pinned to one core (like PostgreSQL's one worker), the same with the default pool of 2
// (one onnxruntime thread per member, both cores), and two `serve --role web` with two pinned
// `sandbox worker`s on the same file (like PostgreSQL's two workers).
import path from 'node:path';
import type { Deployment } from './deployment.js';
import { type SandboxProcess, startSandbox } from './sandbox-processes.js';
import { sqliteRows } from './submissions.js';
import { measureBatch, warmUp } from './throughput.js';

type Layout = { name: string; webs: number; all: { pool: number; core?: number } | null; workerCores: number[] };

const LAYOUTS: Layout[] = [
  { name: 'SQLite, serve --role all, pool 1', webs: 0, all: { pool: 1, core: 0 }, workerCores: [] },
  { name: 'SQLite, serve --role all, pool 2', webs: 0, all: { pool: 2 }, workerCores: [] },
  { name: 'SQLite, 2 web + 2 workers', webs: 2, all: null, workerCores: [0, 1] },
];

export async function sqliteScenarios(deployment: Deployment, submissions: number) {
  const results = [];
  for (const [i, layout] of LAYOUTS.entries()) {
    const file = path.join(deployment.dir, `sqlite-${i}.db`);
    const database = `sqlite:${file}`;
    const tokens = (await deployment.students(database, 10, `sq${i}-`)).map((s) => s.token);
    const processes: SandboxProcess[] = [];
    const start = async (args: string[], pool: number, core?: number) => {
      const started = await startSandbox(args, deployment.env(database, { inferencePool: pool }), core === undefined ? {} : { core });
      processes.push(started);
      return started;
    };
    const reader = sqliteRows(file);
    try {
      const all = layout.all ? await start(['serve'], layout.all.pool, layout.all.core) : null;
      const webs = all ? [all] : [];
      for (let n = 0; n < layout.webs; n++) webs.push(await start(['serve', '--role', 'web'], 1));
      const graders = all ? [all] : [];
      for (const core of layout.workerCores) graders.push(await start(['worker'], 1, core));
      const setup = {
        bases: webs.map((w) => w.base),
        tokens,
        reader,
        graderPids: graders.map((g) => g.pid),
        webPids: all ? [] : webs.map((w) => w.pid),
        cores: layout.all ? (layout.all.core === undefined ? 2 : 1) : layout.workerCores.length,
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
