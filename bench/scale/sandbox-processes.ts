// The real `sandbox serve` and `sandbox worker` commands as child processes, the way an operator
// runs them (bin/sandbox.js, DATABASE_URL in the environment), optionally pinned to one core with
// `taskset`. Pinning is how a worker gets one onnxruntime thread: no setting names the threads per
// pool member, and the pool gives each member `cores / members` threads, counting the cores the
// process may use (os.availableParallelism honours the affinity mask), so a pinned worker with a
// pool of 1 runs one thread on its core (like bench/surge's 1-thread runs).
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { listeningUrl } from '../../testkit/listening-url.js';
import { repoRoot } from '../../testkit/sentiment-fixture.js';

export type SandboxProcess = {
  pid: number;
  /** The web address (serve only, no trailing slash). */
  base: string;
  output(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
};

const WORKER_READY = /Sandbox worker grading/;

export async function startSandbox(args: string[], env: NodeJS.ProcessEnv, options: { core?: number } = {}): Promise<SandboxProcess> {
  const command = [process.execPath, 'bin/sandbox.js', ...args];
  const [file, argv] = options.core === undefined ? [command[0]!, command.slice(1)] : ['taskset', ['-c', String(options.core), ...command]];
  // taskset execs node in place: the child's pid is the sandbox process's.
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(file, argv, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started =
    args[0] === 'serve'
      ? listeningUrl(child)
      : new Promise<string>((resolve, reject) => {
          child.stdout.on('data', () => WORKER_READY.test(text) && resolve(''));
          child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${text}`)));
        });
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${args.join(' ')} did not start in 60 s: ${text}`)), 60_000).unref());
  const base = (await Promise.race([started, timeout])).replace(/\/$/, '');
  return {
    pid: child.pid!,
    base,
    output: () => text,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(kill);
    },
  };
}
