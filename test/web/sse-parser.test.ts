import { describe, expect, it } from 'vitest';
import { SseParser } from '../../web/src/api/sse-parser.js';

describe('SseParser', () => {
  it('parses named events with JSON data', () => {
    const parser = new SseParser();
    const events = parser.push('event: progress\ndata: {"done":1,"total":3}\n\nevent: done\ndata: {"ok":true}\n\n');
    expect(events).toEqual([
      { event: 'progress', data: '{"done":1,"total":3}' },
      { event: 'done', data: '{"ok":true}' },
    ]);
  });

  it('joins events split across chunks at any byte, including inside \\r\\n', () => {
    const stream = 'event: delta\r\ndata: {"text":"he"}\r\n\r\nevent: delta\r\ndata: {"text":"llo"}\r\n\r\n';
    for (let cut = 1; cut < stream.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.push(stream.slice(0, cut)), ...parser.push(stream.slice(cut))];
      expect(
        events.map((e) => e.data),
        `cut at ${cut}`,
      ).toEqual(['{"text":"he"}', '{"text":"llo"}']);
    }
  });

  it('handles lone \\r line endings, multi-line data, comments, ids and a missing space', () => {
    const parser = new SseParser();
    // The last \r could be half of \r\n, so it completes the event only when the stream ends.
    const events = [...parser.push(': keep-alive\rid: 7\revent:x\rdata:a\rdata: b\r\r'), ...parser.end()];
    expect(events).toEqual([{ event: 'x', data: 'a\nb', id: '7' }]);
  });

  it('defaults the event name to "message" and ignores events without data', () => {
    const parser = new SseParser();
    expect(parser.push('event: ping\n\ndata: hi\n\n')).toEqual([{ event: 'message', data: 'hi' }]);
  });

  it('drops an event whose blank line never came', () => {
    const parser = new SseParser();
    expect(parser.push('event: done\ndata: {}')).toEqual([]);
    expect(parser.end()).toEqual([]);
  });

  it('keeps unicode intact', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"text":"情感 ✓"}\n\n')[0]?.data).toBe('{"text":"情感 ✓"}');
  });
});
