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
  // The parser holds back a final \r as a possible half of \r\n; at the end it is a line end.
  let endsInCarriageReturn = false;
  return {
    push(text) {
      if (text) endsInCarriageReturn = text.endsWith('\r');
      parser.feed(text);
    },
    end() {
      if (endsInCarriageReturn) parser.feed('\n');
      parser.reset();
    },
  };
}
