// Incremental parser for text/event-stream bodies. The app reads POST responses with fetch, which
// EventSource cannot do, so it feeds the body to `eventsource-parser` (the WHATWG algorithm, the
// same library the server reads upstream streams with) and collects the events each chunk completes.
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type SseEvent = { event: string; data: string; id?: string };

export class SseParser {
  private completed: SseEvent[] = [];
  private readonly parser = createParser({
    // A browser's EventSource names an event without an `event:` field "message"; so do we.
    onEvent: (message: EventSourceMessage) =>
      this.completed.push({ event: message.event ?? 'message', data: message.data, ...(message.id !== undefined ? { id: message.id } : {}) }),
  });

  /** Whether the last chunk ended in \r, which the parser holds back as a possible half of \r\n. */
  private endsInCarriageReturn = false;

  /** Feeds a decoded chunk; returns the events it completed (possibly none). */
  push(chunk: string): SseEvent[] {
    if (chunk) this.endsInCarriageReturn = chunk.endsWith('\r');
    this.parser.feed(chunk);
    return this.take();
  }

  /**
   * The stream ended. A trailing \r held back as a possible \r\n is a line end after all (consumed
   * as such); an event still without its blank line is dropped, as the spec says.
   */
  end(): SseEvent[] {
    if (this.endsInCarriageReturn) this.parser.feed('\n');
    this.parser.reset();
    return this.take();
  }

  private take(): SseEvent[] {
    const events = this.completed;
    this.completed = [];
    return events;
  }
}
