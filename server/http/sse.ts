// Server-sent events. A stream opens lazily on its first event, so a request that fails before
// anything was sent (validation, budget) still gets a plain JSON error with the right status.
// `signal` aborts when the client goes away, which cancels the model calls behind the stream.
import type { Response } from 'express';

export type EventStream = {
  send(event: string, data: unknown): void;
  end(): void;
  readonly opened: boolean;
  readonly signal: AbortSignal;
};

export function eventStream(response: Response, options: { keepAliveMs?: number } = {}): EventStream {
  const controller = new AbortController();
  let opened = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  response.on('close', () => {
    clearInterval(timer);
    if (!response.writableFinished) controller.abort();
  });

  function open() {
    if (opened) return;
    opened = true;
    response.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx buffer responses unless told not to.
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    if (options.keepAliveMs) timer = setInterval(() => response.write(': keep-alive\n\n'), options.keepAliveMs);
  }

  return {
    send(event, data) {
      if (controller.signal.aborted || response.writableEnded) return;
      open();
      response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      clearInterval(timer);
      if (!response.writableEnded) response.end();
    },
    get opened() {
      return opened;
    },
    signal: controller.signal,
  };
}
