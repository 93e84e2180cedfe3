// The one SSE writer every stream uses (playground, submission events, the /v1 gateway's two
// shapes), on a real Node HTTP server: the exact bytes, the lazy opening, the opening events, and
// the abort when the client hangs up.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventStream, type EventStreamOptions, eventStream } from '../../server/http/sse.js';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(options: EventStreamOptions, write: (stream: EventStream, response: http.ServerResponse) => void | Promise<void>): Promise<string> {
  server = http.createServer((_request, response) => void write(eventStream(response, options), response));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('eventStream', () => {
  it('writes named events, bare data events and the [DONE] marker, after the opening events', async () => {
    const url = await serve({ onOpen: (opening) => opening.send('created', { n: 0 }) }, (stream) => {
      stream.data({ n: 1 });
      stream.send('delta', { text: 'a\nb' });
      stream.done();
      stream.end();
    });
    const response = await fetch(url);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(await response.text()).toBe('event: created\ndata: {"n":0}\n\ndata: {"n":1}\n\nevent: delta\ndata: {"text":"a\\nb"}\n\ndata: [DONE]\n\n');
  });

  it('stays closed until the first event, so a failure before it can still be a JSON error', async () => {
    const url = await serve({ onOpen: (opening) => opening.send('created', {}) }, (stream, response) => {
      expect(stream.opened).toBe(false);
      response.writeHead(429, { 'content-type': 'application/json' });
      response.end('{"error":"slow down"}');
    });
    const response = await fetch(url);
    expect(response.status).toBe(429);
    expect(await response.text()).toBe('{"error":"slow down"}');
  });

  it('open() writes the opening events with no event after them', async () => {
    const url = await serve({ onOpen: (opening) => opening.send('created', { n: 0 }) }, (stream) => {
      stream.open();
      stream.open();
      stream.end();
    });
    expect(await (await fetch(url)).text()).toBe('event: created\ndata: {"n":0}\n\n');
  });

  it('aborts its signal when the client goes away', async () => {
    let resolveAborted: (stream: EventStream) => void;
    const aborted = new Promise<EventStream>((resolve) => (resolveAborted = resolve));
    const url = await serve({}, (stream) => {
      stream.send('progress', { done: 0 });
      stream.signal.addEventListener('abort', () => resolveAborted(stream), { once: true });
    });
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const stream = await aborted;
    expect(stream.signal.aborted).toBe(true);
  });
});
