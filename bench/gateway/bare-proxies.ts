// What a gateway could cost at best on this machine: three bare proxies (bare-proxy-process.ts)
// under the benchmark's paced load after the same warm-up, each in its own process, with their CPU
// time per request. node:http both ways is the floor; the other two show what express and fetch add.
// Run: npx tsx bench/gateway/bare-proxies.ts
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startServerChild } from '../support/fake-server-child.js';
import { percentile, runLoad } from './load.js';

const MODEL = 'bench-chat';
const backend = await startServerChild({ apiKey: 'bench', models: [MODEL], latencyMs: 0 });
console.log(
  `Bare proxies, 50 clients x 2 req/s for 10 s after the warm-up (load average ${os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(', ')})`,
);
for (const mode of ['http', 'express', 'fetch']) {
  const child = fork(path.join(import.meta.dirname, 'bare-proxy-process.ts'), [JSON.stringify({ backendURL: backend.url, apiKey: 'bench', mode })], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve) => child.once('message', (message: { url: string }) => resolve(message.url)));
  const cpuMs = () =>
    new Promise<number>((resolve) => {
      child.once('message', (message: { cpu: NodeJS.CpuUsage }) => resolve((message.cpu.user + message.cpu.system) / 1000));
      child.send('cpu');
    });
  const target = { name: mode, url, apiKey: 'unused', model: MODEL };
  await runLoad(target, { clients: 50, seconds: 8, perClientRps: null });
  await runLoad(target, { clients: 50, seconds: 2, perClientRps: 2 });
  const before = await cpuMs();
  const result = await runLoad(target, { clients: 50, seconds: 10, perClientRps: 2 });
  const perRequest = ((await cpuMs()) - before) / result.latenciesMs.length;
  console.log(
    `${mode.padEnd(7)}: ${perRequest.toFixed(2)} ms CPU per request, p50 ${percentile(result.latenciesMs, 50).toFixed(2)} ms, p99 ${percentile(result.latenciesMs, 99).toFixed(2)} ms, ${result.errors} errors`,
  );
  child.disconnect();
}
await backend.close();
