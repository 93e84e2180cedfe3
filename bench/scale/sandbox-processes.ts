// The real `sandbox serve` and `sandbox worker` commands as child processes, the way an operator
// runs them (bin/sandbox.js, DATABASE_URL in the environment), through testkit's process helper;
// `oneCore` preloads one-core-preload.js, so that the process's pool members run one onnxruntime
// thread each (like bench/surge's 1-thread runs).
import { fileURLToPath } from 'node:url';
import { createSandboxProcesses } from '../../testkit/sandbox-processes.js';

export type SandboxProcess = {
  pid: number;
  /** The web address (serve only, no trailing slash). */
  base: string;
  output(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
};

const ONE_CORE = fileURLToPath(new URL('./one-core-preload.js', import.meta.url));
const processes = createSandboxProcesses();

export async function startSandbox(args: string[], env: NodeJS.ProcessEnv, options: { oneCore?: boolean } = {}): Promise<SandboxProcess> {
  // Pool members are forked with the parent's execArgv: they get the preload too.
  const started = await processes.start(args, env, { nodeArgs: options.oneCore ? ['--import', ONE_CORE] : [] });
  return {
    pid: started.child.pid!,
    base: started.base,
    output: started.output,
    stop: async () => void (await processes.stop(started, 'SIGTERM', 10_000)),
  };
}
