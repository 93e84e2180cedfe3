// Real `sandbox serve` and `sandbox worker` processes for the tests and benchmarks of several
// processes on one database: each is started from bin/sandbox.js with the environment given, its
// output collected, and waited for until it says it is ready; every process started is killed by
// `killAll` (a test's afterAll).
import { type ChildProcess, spawn } from 'node:child_process';
import { repoRoot } from './sentiment-fixture.js';
import { waitFor } from './wait-for.js';

export type SandboxProcess = {
  child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** `http://host:port` of a serve process; '' for a worker. */
  base: string;
};

const LISTENING = /Sandbox listening on (\S+)/;
const WORKING = /Sandbox worker grading/;

export function createSandboxProcesses() {
  const children: ChildProcess[] = [];
  return {
    /**
     * Starts `sandbox <args>` and resolves once it listens (serve) or grades (worker). `nodeArgs`
     * go before the script (a benchmark's `--import` preload; forked pool members inherit them).
     */
    async start(args: string[], env: Record<string, string | undefined>, options: { nodeArgs?: string[] } = {}): Promise<SandboxProcess> {
      const child = spawn(process.execPath, [...(options.nodeArgs ?? []), 'bin/sandbox.js', ...args], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let text = '';
      child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const ready = args[0] === 'worker' ? WORKING : LISTENING;
      await waitFor(() => ready.test(text) || child.exitCode !== null, `sandbox ${args.join(' ')} to start (output: ${text})`, 60_000);
      if (child.exitCode !== null) throw new Error(`sandbox ${args.join(' ')} exited with ${child.exitCode}: ${text}`);
      return { child, output: () => text, base: (LISTENING.exec(text)?.[1] ?? '').replace(/\/$/, '') };
    },
    /** Sends `signal` and resolves with the exit code once the process is gone (SIGKILL after `killAfterMs`, if given). */
    async stop(proc: SandboxProcess, signal: NodeJS.Signals = 'SIGTERM', killAfterMs?: number): Promise<number | null> {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) return proc.child.exitCode;
      const exited = new Promise((resolve) => proc.child.once('exit', resolve));
      const kill = killAfterMs === undefined ? null : setTimeout(() => proc.child.kill('SIGKILL'), killAfterMs);
      proc.child.kill(signal);
      await exited;
      if (kill) clearTimeout(kill);
      return proc.child.exitCode;
    },
    killAll() {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
