// System calls per request of the gateway process under the benchmark's paced load (50 clients x 2
// requests/s), counted by `strace -c` attached to it after the warm-up. Unlike CPU time, the counts
// do not move with the machine's load, so they show what a change to the database path does (a
// commit is file locks, fcntl, and WAL frame writes, pwrite64) even on a busy shared machine.
// Run: npx tsx bench/gateway/syscalls.ts [seconds]   (needs strace; ptrace of one's own children)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerChild } from '../support/fake-server-child.js';
import { runLoad } from './load.js';
import { startGateway } from './start-gateway.js';

const seconds = Number(process.argv[2] ?? 10);
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-strace-')), 'counts.txt');
const backend = await startServerChild({ apiKey: 'bench', models: ['bench-chat'], latencyMs: 0 });
const gateway = await startGateway({ backendURL: backend.url, apiKey: 'bench', model: 'bench-chat' });
const target = { name: 'gateway', url: gateway.url, apiKey: gateway.token, model: 'bench-chat' };
await runLoad(target, { clients: 50, seconds: 6, perClientRps: null });
const strace = spawn('strace', ['-c', '-f', '-o', out, '-p', String(gateway.pid)], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 500));
const result = await runLoad(target, { clients: 50, seconds, perClientRps: 2 });
strace.kill('SIGINT');
await new Promise((resolve) => strace.once('exit', resolve));
await gateway.close();
await backend.close();
const requests = result.latenciesMs.length;
console.log(`${requests} requests; system calls per request (those made at least once every two requests):`);
// strace -c rows: % time, seconds, usecs/call, calls, [errors,] name
for (const line of fs.readFileSync(out, 'utf8').split('\n')) {
  const row = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$/.exec(line);
  if (row && Number(row[1]) / requests >= 0.5) console.log(`${row[2]!.padEnd(16)} ${(Number(row[1]) / requests).toFixed(2)}`);
}
fs.rmSync(path.dirname(out), { recursive: true, force: true });
