// The real sandbox server in a child process (`node bin/sandbox.js serve`), as `npm start` runs
// it: port 0, a temp data dir, the generated tiny models, offline. Resolves once it prints its
// address and the one-time staff sign-in URL.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export type RunningServer = { origin: string; signInUrl: string; output: () => string; stop: () => Promise<void> };

const root = path.resolve(import.meta.dirname, '../../..');

export function startSandboxServer(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/sandbox.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the sandbox server did not print its sign-in URL within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    const onData = (data: Buffer) => {
      log += data.toString();
      const listening = /Sandbox listening on (http:\/\/[^\s]+)/.exec(log);
      const signIn = /(http:\/\/\S+\/api\/auth\/one-time\/\S+)/.exec(log);
      if (listening && signIn) {
        clearTimeout(timer);
        // The session cookie the link sets belongs to the link's host: it must be the printed one,
        // and the browser uses that address throughout, as a person following the terminal would.
        const origin = new URL(listening[1]!).origin;
        if (new URL(signIn[1]!).origin !== origin) {
          void stop();
          reject(new Error(`the sign-in link ${signIn[1]} is not on the printed address ${origin}:\n${log}`));
          return;
        }
        resolve({ origin, signInUrl: signIn[1]!, output: () => log, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox server exited with ${code} before it was ready:\n${log}`));
    });
  });
}
