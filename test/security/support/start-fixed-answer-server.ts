// Starts test/security/support/fixed-answer-server.ts in a child process (see there for why).
import { fork } from 'node:child_process';
import path from 'node:path';

export type FixedAnswerServer = { url: string; close(): Promise<void> };

export async function startFixedAnswerServer(options: { apiKey: string; answer: string }): Promise<FixedAnswerServer> {
  const script = path.join(import.meta.dirname, 'fixed-answer-server.ts');
  const child = fork(script, [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the model server exited with ${code} before listening`)));
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
