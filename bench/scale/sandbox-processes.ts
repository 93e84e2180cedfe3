// The real `sandbox serve` and `sandbox worker` commands as child processes, the way an operator
// runs them (bin/sandbox.js, DATABASE_URL in the environment); `oneCore` preloads
// one-core-preload.js, so that the process's pool members run one onnxruntime thread each (like
// bench/surge's 1-thread runs).
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

const ONE_CORE = fileURLToPath(new URL('./one-core-preload.js', import.meta.url));

export async function startSandbox(args: string[], env: NodeJS.ProcessEnv, options: { oneCore?: boolean } = {}): Promise<SandboxProcess> {
  // Pool members are forked with the parent's execArgv: they get the preload too.
  const argv = [...(options.oneCore ? ['--import', ONE_CORE] : []), 'bin/sandbox.js', ...args];
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, argv, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
