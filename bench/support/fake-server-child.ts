import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeServerStats } from '../../testkit/fake-openai-server/index.js';

export type ServerChild = { url: string; stats(): Promise<FakeServerStats>; close(): Promise<void> };

export async function startServerChild(options: { apiKey: string; models: string[]; latencyMs: number }): Promise<ServerChild> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-server-process.ts');
  const child: ChildProcess = fork(script, [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (key in message) {
          child.off('message', onMessage);
          resolve(message[key] as T);
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`fake server exited with ${code}`)));
    });
  const url = await next<string>('url');
  return {
    url,
    stats: () => {
      const reply = next<FakeServerStats>('stats');
      child.send('stats');
      return reply;
    },
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('close');
      }),
  };
}
