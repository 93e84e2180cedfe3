// One `sandbox` command as a user runs it, measured from outside: wall time from spawn to exit,
// and peak RSS from GNU time (`/usr/bin/time -v`, "Maximum resident set size"), which counts the
// whole process, not only the JavaScript heap. `serve` is timed to its first healthy answer.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { listeningUrl } from '../../testkit/listening-url.js';

const GNU_TIME = '/usr/bin/time';

/** cpuSeconds: user + system CPU time from GNU time (null without it). */
export type MeasuredRun = { ms: number; maxRssMiB: number | null; cpuSeconds: number | null; code: number | null; stdout: string; stderr: string };

export function hasGnuTime(): boolean {
  return fs.existsSync(GNU_TIME);
}

/** Runs `node <args>` in `cwd` and waits for it to exit. */
export function runMeasured(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<MeasuredRun> {
  const timed = hasGnuTime();
  const started = performance.now();
  const child = timed
    ? spawn(GNU_TIME, ['-v', process.execPath, ...args], { cwd: options.cwd, env: options.env })
    : spawn(process.execPath, args, { cwd: options.cwd, env: options.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : null;
      resolve({ ms, maxRssMiB: rss ? Number(rss[1]) / 1024 : null, cpuSeconds, code, stdout, stderr });
    });
  });
}

/** Milliseconds from spawning `sandbox serve` (on a free port) to its first 200 from /healthz. */
export async function serveToHealthy(sandboxArgs: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [...sandboxArgs, 'serve'], { cwd: options.cwd, env: { ...options.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const url = await listeningUrl(child);
    const response = await fetch(new URL('/healthz', url));
    if (!response.ok) throw new Error(`/healthz answered ${response.status}`);
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
