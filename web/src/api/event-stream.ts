// Reads a server-sent-event stream from fetch (POST or GET) and hands each event's JSON to
// `onEvent`. EventSource cannot POST a body, so the stream is read with a ReadableStream reader.
import { asApiError } from './api-error.js';
import { readError } from './client.js';
import { SseParser } from './sse-parser.js';

export type StreamEvent = { event: string; data: unknown };

export async function readEventStream(path: string, options: { body?: unknown; signal?: AbortSignal; onEvent: (event: StreamEvent) => void }): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.body === undefined ? 'GET' : 'POST',
      credentials: 'same-origin',
      headers: { accept: 'text/event-stream', ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw asApiError(error);
  }
  if (!response.ok || !response.body) throw await readError(response, path);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        for (const event of parser.end()) options.onEvent({ event: event.event, data: parseData(event.data) });
        break;
      }
      for (const event of parser.push(value)) options.onEvent({ event: event.event, data: parseData(event.data) });
    }
  } catch (error) {
    throw asApiError(error);
  } finally {
    reader.releaseLock();
  }
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
