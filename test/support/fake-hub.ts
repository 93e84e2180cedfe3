// A stand-in for the Hugging Face Hub on 127.0.0.1: serves model folders at
// /<repo>/resolve/main/<file>, the URL layout transformers.js downloads from, with Content-Length
// so the library reports download progress. Tests point a provider's remoteHost at it.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export type FakeHub = {
  /** With a trailing slash, as remoteHost expects. */
  url: string;
  /** Every request as "METHOD /path status". */
  requests: string[];
  close(): Promise<void>;
};

/** `repos` maps a hub repo name (e.g. "Xenova/gpt2") to the local folder served for it. */
export async function startFakeHub(repos: Record<string, string>): Promise<FakeHub> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const url = decodeURIComponent(new URL(request.url ?? '/', 'http://hub').pathname);
    const match = /^\/(.+?)\/resolve\/main\/(.+)$/.exec(url);
    const folder = match ? repos[match[1]!] : undefined;
    const file = folder ? path.join(folder, match![2]!) : undefined;
    const found = file !== undefined && !file.includes('..') && existsSync(file) && statSync(file).isFile();
    requests.push(`${request.method} ${url} ${found ? 200 : 404}`);
    if (!found) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
      return;
    }
    response.writeHead(200, { 'content-length': String(statSync(file!).size), 'content-type': 'application/octet-stream' });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file!).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
