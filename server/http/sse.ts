// Server-sent events: the one writer behind every stream the server sends (the playground's and
// the submission page's named events, and the `/v1` gateway's two wire shapes: OpenAI's bare
// `data:` chunks ending in `data: [DONE]`, and the Responses API's named events). It works on a
// plain Node response, so the gateway's fast lane (no express) and the express routes share it.
// A stream opens lazily on its first event, so a request that fails before anything was sent
// (validation, budget, an unavailable model) still gets a plain JSON error with the right status.
// `signal` aborts when the client goes away, which cancels the model calls behind the stream.
import type http from 'node:http';

export type EventStream = {
  /** One named event: `event: <name>` then `data: <json>`. */
  send(event: string, data: unknown): void;
  /** One unnamed event: `data: <json>` (OpenAI's chat and completion chunks). */
  data(data: unknown): void;
  /** OpenAI's end-of-stream marker, `data: [DONE]`. */
  done(): void;
  /** Writes the headers (and the opening events) now, if the client is still there. */
  open(): void;
  end(): void;
  readonly opened: boolean;
  readonly signal: AbortSignal;
};

export type EventStreamOptions = {
  /** A comment line this often keeps idle proxies from closing a long stream. */
  keepAliveMs?: number;
  /** Written right after the headers, before the event that opened the stream (a stream's opening events). */
  onOpen?: (stream: EventStream) => void;
};

export function eventStream(response: http.ServerResponse, options: EventStreamOptions = {}): EventStream {
  // The controller is made on first use of `signal`: the gateway's streams never ask for it.
  let controller: AbortController | undefined;
  let closed = false;
  let opened = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  response.on('close', () => {
    clearInterval(timer);
    if (response.writableFinished) return;
    closed = true;
    controller?.abort();
  });

  const writable = () => !closed && !response.writableEnded;
  const open = () => {
    if (opened) return;
    opened = true;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx buffer responses unless told not to.
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    if (options.keepAliveMs) timer = setInterval(() => response.write(': keep-alive\n\n'), options.keepAliveMs);
    options.onOpen?.(stream);
  };
  const write = (frame: string) => {
    if (!writable()) return;
    open();
    response.write(frame);
  };

  const stream: EventStream = {
    send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    data: (data) => write(`data: ${JSON.stringify(data)}\n\n`),
    done: () => write('data: [DONE]\n\n'),
    open: () => {
      if (writable()) open();
    },
    end() {
      clearInterval(timer);
      if (!response.writableEnded) response.end();
    },
    get opened() {
      return opened;
    },
    get signal() {
      controller ??= new AbortController();
      if (closed) controller.abort();
      return controller.signal;
    },
  };
  return stream;
}
