// Server-sent events the way OpenAI writes them (`data: <json>` frames, then `data: [DONE]`), and
// the stream faults: a drop hangs up after some chunks, a stall goes quiet with the connection open.
import type http from 'node:http';
import type { FaultSpec } from './types.js';

/** Waits `ms`, or less when `signal` aborts (the server is closing). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Where a stream fault interrupts it: before chunk `at` (chunks.length: before `[DONE]`). */
export type StreamCut = { at: number; how: 'drop' | 'stall' };

/**
 * The cut a stream fault makes. `firstToken` is the index of the first content-token chunk;
 * `usageAt` that of the usage chunk (chunks.length when there is none).
 */
export function streamCut(fault: FaultSpec | null, firstToken: number, usageAt: number): StreamCut | null {
  if (fault?.kind === 'drop') return { at: fault.afterTokens === undefined ? 2 : firstToken + fault.afterTokens, how: 'drop' };
  if (fault?.kind === 'stall') return { at: fault.afterTokens === undefined ? usageAt : firstToken + fault.afterTokens, how: 'stall' };
  return null;
}

export type StreamWriter = {
  writeChunks(res: http.ServerResponse, chunks: unknown[], cut: StreamCut | null): Promise<void>;
};

/** `lifetime` aborts when the server closes; `chunkDelayMs` paces the chunks. */
export function createStreamWriter(lifetime: AbortSignal, chunkDelayMs: number): StreamWriter {
  /** Keeps a response open, sending nothing, until the client leaves or the server closes. */
  function holdOpen(res: http.ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      if (res.destroyed || lifetime.aborted) return resolve();
      res.once('close', () => resolve());
      lifetime.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  async function writeChunks(res: http.ServerResponse, chunks: unknown[], cut: StreamCut | null) {
    for (let i = 0; i <= chunks.length; i++) {
      if (cut !== null && i >= cut.at) {
        if (cut.how === 'stall') {
          // Flush what was written, then go quiet: the connection stays open.
          await holdOpen(res);
          return;
        }
        // Let the client see the first events before hanging up, so the drop is really mid-stream.
        await sleep(25, lifetime);
        res.socket?.destroy();
        return;
      }
      if (i === chunks.length) break;
      const chunk = chunks[i];
      if (res.destroyed || lifetime.aborted) return;
      res.write(`data: ${typeof chunk === 'string' ? chunk : JSON.stringify(chunk)}\n\n`);
      if (chunkDelayMs > 0) await sleep(chunkDelayMs, lifetime);
    }
    if (res.destroyed) return;
    res.write('data: [DONE]\n\n');
    res.end();
  }

  return { writeChunks };
}
