// Gateway CPU per request of several checkouts (git worktrees of other commits) in one session, for
// a shared machine: every build's gateway and backend run at once, and each round loads them one
// after the other in short windows (6 s paced, then 2 s of one client), so whatever the neighbours
// do falls on all builds alike; the figures are the medians of the rounds. One-run batches of
// `npm run bench:gateway` a minute and a half apart moved by up to 40% with the machine's load
// (bench/README.md, gateway); these windows are a few seconds apart.
// Each checkout's own bench harness starts its own server code (bench/gateway/start-gateway.ts).
// Run: npx tsx bench/gateway/compare-builds.ts ROUNDS label=/path/to/checkout ...
import os from 'node:os';
import type { runLoad as RunLoad, Target } from './load.js';
import type { Gateway, startGateway as StartGateway } from './start-gateway.js';

type Build = {
  label: string;
  gateway: Gateway;
  backend: { close(): Promise<void> };
  target: Target;
  runLoad: typeof RunLoad;
  cpuMs: number[];
  singleP50Ms: number[];
};

const rounds = Number(process.argv[2]);
const specs = process.argv.slice(3).map((spec) => ({ label: spec.split('=')[0]!, checkout: spec.slice(spec.indexOf('=') + 1) }));
if (!Number.isInteger(rounds) || rounds < 1 || specs.length === 0) throw new Error('usage: compare-builds.ts ROUNDS label=/path/to/checkout ...');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const builds: Build[] = [];
for (const { label, checkout } of specs) {
  const { startServerChild } = await import(`${checkout}/bench/support/fake-server-child.ts`);
  const { runLoad } = (await import(`${checkout}/bench/gateway/load.ts`)) as { runLoad: typeof RunLoad };
  const { startGateway } = (await import(`${checkout}/bench/gateway/start-gateway.ts`)) as { startGateway: typeof StartGateway };
  const backend = await startServerChild({ apiKey: 'bench', models: ['bench-chat'], latencyMs: 0 });
  const gateway = await startGateway({ backendURL: backend.url, apiKey: 'bench', model: 'bench-chat' });
  const target = { name: label, url: gateway.url, apiKey: gateway.token, model: 'bench-chat' };
  builds.push({ label, gateway, backend, target, runLoad, cpuMs: [], singleP50Ms: [] });
}
// The benchmark's warm-up: as fast as answered, until V8 has optimised the hot path.
for (const build of builds) await build.runLoad(build.target, { clients: 50, seconds: 8, perClientRps: null });

for (let round = 1; round <= rounds; round++) {
  for (const build of builds) {
    const before = await build.gateway.cpuMs();
    const paced = await build.runLoad(build.target, { clients: 50, seconds: 6, perClientRps: 2 });
    build.cpuMs.push(((await build.gateway.cpuMs()) - before) / paced.latenciesMs.length);
    const single = await build.runLoad(build.target, { clients: 1, seconds: 2, perClientRps: null });
    build.singleP50Ms.push(median(single.latenciesMs));
  }
  const figures = builds.map((b) => `${b.label} ${b.cpuMs.at(-1)!.toFixed(2)} ms (one client p50 ${b.singleP50Ms.at(-1)!.toFixed(2)} ms)`);
  console.log(`round ${round}, load ${os.loadavg()[0]!.toFixed(2)}: ${figures.join(', ')}`);
}
const first = builds[0]!;
for (const build of builds) {
  const cpu = median(build.cpuMs);
  console.log(
    `${build.label}: CPU per request ${cpu.toFixed(2)} ms (${(cpu / median(first.cpuMs)).toFixed(2)}x ${first.label}), one client p50 ${median(build.singleP50Ms).toFixed(2)} ms`,
  );
}
for (const build of builds) {
  await build.gateway.close();
  await build.backend.close();
}
