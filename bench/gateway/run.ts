// Gateway overhead: 50 concurrent clients on 127.0.0.1 against the sandbox gateway (/v1, with
// auth, budget reservation and settlement in SQLite, the usage log) backed by a zero-latency
// OpenAI-compatible server, compared with the same server called directly. The gateway and the
// backend each run in their own process; this one only generates load.
// Run: npm run bench:gateway   (figures go to bench/results/gateway.json)
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerChild } from '../support/fake-server-child.js';
import { percentile, runLoad, type LoadResult, type Target } from './load.js';

const CLIENTS = 50;
const PER_CLIENT_RPS = 2; // 100 requests/s in all: a lab of 50 notebooks, each calling twice a second
const PACED_SECONDS = 10;
const ROUNDS = 2;
const THROUGHPUT_SECONDS = 5;
const TARGETS = { addedP50Ms: 2, addedP99Ms: 10 };
const MODEL = 'bench-chat';

type Probe = { providerCallMs: number; ledgerMs: number; authMs: number };
type Gateway = { url: string; token: string; cpuMs(): Promise<number>; probe(): Promise<Probe>; close(): Promise<void> };

function ask<T>(child: ReturnType<typeof fork>, request: string, key: string): Promise<T> {
  return new Promise((done) => {
    const onMessage = (reply: Record<string, unknown>) => {
      if (!(key in reply)) return;
      child.off('message', onMessage);
      done(reply[key] as T);
    };
    child.on('message', onMessage);
    child.send(request);
  });
}

function startGateway(backendURL: string, apiKey: string): Promise<Gateway> {
  const child = fork(path.join(import.meta.dirname, 'gateway-process.ts'), [JSON.stringify({ backendURL, apiKey, model: MODEL })], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the gateway process exited with ${code}`)));
    child.once('message', (message: { url: string; token: string }) =>
      resolve({
        ...message,
        cpuMs: () => ask<NodeJS.CpuUsage>(child, 'cpu', 'cpu').then((cpu) => (cpu.user + cpu.system) / 1000),
        probe: () => ask<Probe>(child, 'probe', 'probe'),
        close: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.send('close');
          }),
      }),
    );
  });
}

const summary = (result: LoadResult) => ({
  requests: result.latenciesMs.length,
  errors: result.errors,
  rps: Math.round(result.latenciesMs.length / result.seconds),
  p50Ms: round(percentile(result.latenciesMs, 50)),
  p90Ms: round(percentile(result.latenciesMs, 90)),
  p99Ms: round(percentile(result.latenciesMs, 99)),
});
const round = (value: number) => Math.round(value * 100) / 100;
const merge = (results: LoadResult[]): LoadResult => ({
  latenciesMs: results.flatMap((r) => r.latenciesMs),
  seconds: results.reduce((n, r) => n + r.seconds, 0),
  errors: results.reduce((n, r) => n + r.errors, 0),
});

async function main() {
  const backend = await startServerChild({ apiKey: 'bench', models: [MODEL], latencyMs: 0 });
  const gateway = await startGateway(backend.url, 'bench');
  const direct: Target = { name: 'direct', url: backend.url, apiKey: 'bench', model: MODEL };
  const through: Target = { name: 'gateway', url: gateway.url, apiKey: gateway.token, model: MODEL };
  console.log(`Gateway benchmark: ${CLIENTS} clients on 127.0.0.1, zero-latency backend (${os.cpus().length} CPUs, node ${process.version})`);

  // Warm-up: JIT, keep-alive connections, SQLite pages.
  for (const target of [direct, through]) await runLoad(target, { clients: CLIENTS, seconds: 2, perClientRps: PER_CLIENT_RPS });

  const paced: Record<string, LoadResult[]> = { direct: [], gateway: [] };
  let gatewayCpuMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    paced.direct!.push(await runLoad(direct, { clients: CLIENTS, seconds: PACED_SECONDS, perClientRps: PER_CLIENT_RPS }));
    const cpuBefore = await gateway.cpuMs();
    paced.gateway!.push(await runLoad(through, { clients: CLIENTS, seconds: PACED_SECONDS, perClientRps: PER_CLIENT_RPS }));
    gatewayCpuMs += (await gateway.cpuMs()) - cpuBefore;
  }
  const pacedDirect = summary(merge(paced.direct!));
  const pacedGateway = summary(merge(paced.gateway!));
  const addedP50Ms = round(pacedGateway.p50Ms - pacedDirect.p50Ms);
  const addedP99Ms = round(pacedGateway.p99Ms - pacedDirect.p99Ms);
  const gatewayCpuMsPerRequest = round(gatewayCpuMs / Math.max(1, pacedGateway.requests));
  const loadAverage = os.loadavg().map((value) => round(value));

  // Sequential costs inside the gateway process, to say where its time goes.
  const parts = await gateway.probe();
  const single = { direct: summary(await runLoad(direct, { clients: 1, seconds: 3, perClientRps: null })), gateway: summary(await runLoad(through, { clients: 1, seconds: 3, perClientRps: null })) };

  const saturated = { direct: summary(await runLoad(direct, { clients: CLIENTS, seconds: THROUGHPUT_SECONDS, perClientRps: null })), gateway: summary(await runLoad(through, { clients: CLIENTS, seconds: THROUGHPUT_SECONDS, perClientRps: null })) };

  console.log(`\nPaced: ${CLIENTS} clients x ${PER_CLIENT_RPS} req/s, ${ROUNDS} x ${PACED_SECONDS} s per target`);
  console.log('target  | requests | errors |   p50 ms |   p90 ms |   p99 ms');
  for (const [name, row] of [['direct', pacedDirect], ['gateway', pacedGateway]] as const) {
    console.log(`${name.padEnd(7)} | ${String(row.requests).padStart(8)} | ${String(row.errors).padStart(6)} | ${row.p50Ms.toFixed(2).padStart(8)} | ${row.p90Ms.toFixed(2).padStart(8)} | ${row.p99Ms.toFixed(2).padStart(8)}`);
  }
  console.log(`added by the gateway: p50 ${addedP50Ms.toFixed(2)} ms (target < ${TARGETS.addedP50Ms}), p99 ${addedP99Ms.toFixed(2)} ms (target < ${TARGETS.addedP99Ms})`);
  console.log(`gateway CPU per request: ${gatewayCpuMsPerRequest.toFixed(2)} ms; machine load average ${loadAverage.join(', ')} on ${os.cpus().length} CPUs`);
  console.log(`\nOne client, sequential: direct p50 ${single.direct.p50Ms.toFixed(2)} ms, gateway p50 ${single.gateway.p50Ms.toFixed(2)} ms (added ${(single.gateway.p50Ms - single.direct.p50Ms).toFixed(2)} ms)`);
  console.log(`inside the gateway, one at a time: provider call (openai SDK to the backend) ${parts.providerCallMs.toFixed(2)} ms, budget reserve + settle + log ${parts.ledgerMs.toFixed(2)} ms, token lookup ${parts.authMs.toFixed(3)} ms`);
  console.log(`\nSaturated: ${CLIENTS} clients as fast as answered, ${THROUGHPUT_SECONDS} s per target`);
  console.log('target  | requests/s |   p50 ms |   p99 ms');
  for (const [name, row] of Object.entries(saturated)) console.log(`${name.padEnd(7)} | ${String(row.rps).padStart(10)} | ${row.p50Ms.toFixed(2).padStart(8)} | ${row.p99Ms.toFixed(2).padStart(8)}`);

  const passed = addedP50Ms < TARGETS.addedP50Ms && addedP99Ms < TARGETS.addedP99Ms && pacedGateway.errors === 0 && saturated.gateway.errors === 0;
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version },
    clients: CLIENTS,
    loadAverage,
    paced: { perClientRps: PER_CLIENT_RPS, seconds: ROUNDS * PACED_SECONDS, direct: pacedDirect, gateway: pacedGateway, addedP50Ms, addedP99Ms, gatewayCpuMsPerRequest },
    single: { ...single, addedP50Ms: round(single.gateway.p50Ms - single.direct.p50Ms) },
    insideGateway: { providerCallMs: round(parts.providerCallMs), ledgerMs: round(parts.ledgerMs), authMs: round(parts.authMs) },
    saturated,
    targets: TARGETS,
    passed,
  };
  const out = path.join(import.meta.dirname, '../results/gateway.json');
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${passed ? 'targets met' : 'TARGETS MISSED'}; figures written to ${path.relative(process.cwd(), out)}`);
  await gateway.close();
  await backend.close();
  process.exitCode = passed ? 0 : 1;
}

await main();
