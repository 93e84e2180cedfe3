// Starts the sandbox gateway (gateway-process.ts) in a child process and talks to it over IPC:
// its URL and a student token, its CPU time, the sequential probe, a CPU profile of a window, and
// a clean close.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export type Probe = { providerCallMs: number; forwardCallMs: number; ledgerMs: number; authMs: number };
export type Gateway = {
  url: string;
  token: string;
  pid: number;
  cpuMs(): Promise<number>;
  probe(): Promise<Probe>;
  /** The V8 sampling profiler inside the gateway, from now until `stopProfile` writes it to `file`. */
  startProfile(): Promise<void>;
  stopProfile(file: string): Promise<string>;
  close(): Promise<void>;
};

function ask<T>(child: ChildProcess, request: string, key: string): Promise<T> {
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

/** `nodeOptions` adds node flags to the child, e.g. --perf-basic-prof for `perf record`. */
export function startGateway(options: { backendURL: string; apiKey: string; model: string; nodeOptions?: string[] }): Promise<Gateway> {
  const { backendURL, apiKey, model } = options;
  const child = fork(path.join(import.meta.dirname, 'gateway-process.ts'), [JSON.stringify({ backendURL, apiKey, model })], {
    execArgv: ['--import', 'tsx', ...(options.nodeOptions ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the gateway process exited with ${code}`)));
    child.once('message', (message: { url: string; token: string }) =>
      resolve({
        ...message,
        pid: child.pid!,
        cpuMs: () => ask<NodeJS.CpuUsage>(child, 'cpu', 'cpu').then((cpu) => (cpu.user + cpu.system) / 1000),
        probe: () => ask<Probe>(child, 'probe', 'probe'),
        startProfile: () => ask<boolean>(child, 'profile:start', 'profiling').then(() => undefined),
        stopProfile: (file) => ask<string>(child, `profile:stop:${file}`, 'profile'),
        close: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.send('close');
          }),
      }),
    );
  });
}
