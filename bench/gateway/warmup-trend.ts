// How long the gateway takes to reach its steady CPU cost: from a cold start, the paced load in
// consecutive 5 s windows, each with the gateway's CPU time per request. (With 2 s of warm-up the
// benchmark used to measure the first windows, while V8 was still optimising the hot path.)
// Run: npx tsx bench/gateway/warmup-trend.ts [windows]
import os from 'node:os';
import { startServerChild } from '../support/fake-server-child.js';
import { percentile, runLoad } from './load.js';
import { startGateway } from './start-gateway.js';

const MODEL = 'bench-chat';
const windows = Number(process.argv[2] ?? 8);
const backend = await startServerChild({ apiKey: 'bench', models: [MODEL], latencyMs: 0 });
const gateway = await startGateway({ backendURL: backend.url, apiKey: 'bench', model: MODEL });
const target = { name: 'gateway', url: gateway.url, apiKey: gateway.token, model: MODEL };
console.log(
  `Gateway from a cold start, 50 clients x 2 req/s (load average ${os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(', ')})`,
);
for (let i = 0; i < windows; i++) {
  const before = await gateway.cpuMs();
  const result = await runLoad(target, { clients: 50, seconds: 5, perClientRps: 2 });
  const perRequest = ((await gateway.cpuMs()) - before) / result.latenciesMs.length;
  console.log(
    `${String(i * 5).padStart(3)}-${String(i * 5 + 5).padEnd(3)} s: ${perRequest.toFixed(2)} ms CPU per request, p50 ${percentile(result.latenciesMs, 50).toFixed(2)} ms, p99 ${percentile(result.latenciesMs, 99).toFixed(2)} ms`,
  );
}
await gateway.close();
await backend.close();
