// The address a `sandbox serve` child prints once it listens ("… listening on http://…"), read from
// its stdout; rejects with what it printed when it exits first. Shared by the tests and benches
// that start the real command.
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

export function listeningUrl(child: ChildProcessByStdio<null, Readable, Readable>): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening: ${out}`)));
  });
}
