// Server-sent events from an upstream body as it arrives, parsed by `eventsource-parser` (the
// WHATWG algorithm; the web app reads our own streams with the same library). Like the `openai`
// SDK, an event still open when the body ends (no blank line after it) is dropped: it may be cut short.
import { createParser } from 'eventsource-parser';

export type SseEvent = { event: string | null; data: string };

export type SseDecoder = {
  /** Feeds decoded text; `onEvent` runs for each complete event (and may throw, to stop reading). */
  push(text: string): void;
  /** The body ended: an event without its blank line is not dispatched. */
  end(): void;
};

export function createSseDecoder(onEvent: (event: SseEvent) => void): SseDecoder {
  const parser = createParser({ onEvent: (message) => onEvent({ event: message.event ?? null, data: message.data }) });
  return {
    push: (text) => parser.feed(text),
    end: () => parser.reset(),
  };
}
