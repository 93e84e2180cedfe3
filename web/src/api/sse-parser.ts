// Incremental parser for text/event-stream bodies (the WHATWG "event stream" format). The app
// reads POST responses with fetch, which EventSource cannot do, so it parses the stream itself.
// Pure (no DOM): chunks go in as decoded text, complete events come out.

export type SseEvent = { event: string; data: string; id?: string };

export class SseParser {
  private buffer = '';
  private eventName = '';
  private dataLines: string[] = [];
  private lastId: string | undefined;
  private sawField = false;

  /** Feeds a decoded chunk; returns the events it completed (possibly none). */
  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    // A line ends at \n, \r\n or a lone \r. A trailing \r may be the first half of \r\n, so it waits.
    for (;;) {
      const match = /\r\n|\n|\r(?!$)/.exec(this.buffer);
      if (!match) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  /**
   * The stream ended. A trailing \r held back as a possible \r\n is a line end after all; an
   * event still without its blank line is dropped, as the spec says.
   */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    if (this.buffer.endsWith('\r')) {
      const event = this.line(this.buffer.slice(0, -1));
      if (event) events.push(event);
    }
    this.buffer = '';
    this.reset();
    return events;
  }

  private line(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null; // comment, used as a keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    this.sawField = true;
    if (field === 'event') this.eventName = value;
    else if (field === 'data') this.dataLines.push(value);
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    return null;
  }

  private dispatch(): SseEvent | null {
    const hadData = this.dataLines.length > 0;
    const event: SseEvent = { event: this.eventName || 'message', data: this.dataLines.join('\n') };
    if (this.lastId !== undefined) event.id = this.lastId;
    const seen = this.sawField;
    this.reset();
    return seen && hadData ? event : null;
  }

  private reset(): void {
    this.eventName = '';
    this.dataLines = [];
    this.sawField = false;
  }
}
