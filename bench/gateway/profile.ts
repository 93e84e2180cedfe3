// Profiles the gateway process under the benchmark's paced load (50 clients x 2 requests/s): the
// V8 sampling profiler runs inside the gateway for the measured window only (after start-up and the
// benchmark's warm-up, so optimised code is measured), then the profile is summarised by function
// and by package, per request. The profiler samples wall time on the main thread: a sample inside
// a system call (writev) also counts the time the thread waited for a CPU, so compare its shares
// with the process's CPU time printed first.
// Run: npx tsx bench/gateway/profile.ts [seconds]   (the .cpuprofile is kept in a temp directory,
// to open in Chrome DevTools or VS Code)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerChild } from '../support/fake-server-child.js';
import { runLoad } from './load.js';
import { startGateway } from './start-gateway.js';
import { printProfileSummary, summarizeCpuProfile } from './summarize-cpu-profile.js';

const MODEL = 'bench-chat';
const seconds = Number(process.argv[2] ?? 20);
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-prof-')), 'gateway.cpuprofile');
const backend = await startServerChild({ apiKey: 'bench', models: [MODEL], latencyMs: 0 });
const gateway = await startGateway({ backendURL: backend.url, apiKey: 'bench', model: MODEL });
const target = { name: 'gateway', url: gateway.url, apiKey: gateway.token, model: MODEL };
await runLoad(target, { clients: 50, seconds: 8, perClientRps: null });
await runLoad(target, { clients: 50, seconds: 3, perClientRps: 2 });
const cpuBefore = await gateway.cpuMs();
await gateway.startProfile();
const result = await runLoad(target, { clients: 50, seconds, perClientRps: 2 });
await gateway.stopProfile(file);
const cpuMs = (await gateway.cpuMs()) - cpuBefore;
await gateway.close();
await backend.close();
const requests = result.latenciesMs.length;
console.log(
  `Gateway CPU profile, 50 clients x 2 req/s for ${seconds} s, ${requests} requests, load average ${os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(', ')}`,
);
console.log(`process CPU time (user + system, profiler included): ${(cpuMs / requests).toFixed(2)} ms per request`);
printProfileSummary(summarizeCpuProfile(JSON.parse(fs.readFileSync(file, 'utf8'))), requests);
console.log(`\nprofile: ${file}`);
