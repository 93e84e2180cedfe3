// Server-sent events from text as it arrives, split the way the `openai` SDK splits them (its
// LineDecoder and SSEDecoder): lines end at \n, \r\n or \r; `event:` and `data:` fields (one
// optional space after the colon), several data lines joined with \n, comments (`:`) ignored,
// an event dispatched at each blank line. Like the SDK, an event still open when the body ends
// (no blank line after it) is dropped: it may be cut short.
export type SseEvent = { event: string | null; data: string };

export type SseDecoder = {
  /** Feeds decoded text; `onEvent` runs for each complete event (and may throw, to stop reading). */
  push(text: string): void;
  /** The body ended: reads a last unterminated line; an event without its blank line is not dispatched. */
  end(): void;
};

export function createSseDecoder(onEvent: (event: SseEvent) => void): SseDecoder {
  let buffer = '';
  let event: string | null = null;
  let data: string[] = [];
  // A \r at the very end of a piece may be the first half of \r\n: the \n must not make a second line.
  let skipNewline = false;

  function line(text: string) {
    if (text === '') {
      if (event === null && data.length === 0) return;
      const dispatched = { event, data: data.join('\n') };
      event = null;
      data = [];
      onEvent(dispatched);
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }

  return {
    push(text) {
      if (skipNewline && text.startsWith('\n')) text = text.slice(1);
      skipNewline = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        const piece = buffer.slice(start, i);
        if (c === 13) {
          if (i + 1 === buffer.length) skipNewline = true;
          else if (buffer.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
        line(piece);
      }
      buffer = buffer.slice(start);
    },
    end() {
      if (buffer) line(buffer);
      buffer = '';
    },
  };
}
