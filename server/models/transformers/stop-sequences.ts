// Stop sequences the way the OpenAI API applies them: the output ends just before the first stop
// sequence and never contains it. While streaming, text that might still become the start of a
// stop sequence (or an incomplete UTF-8 character) is held back until the next token decides it.

/** Index where the earliest stop sequence starts in `text`, or -1. */
export function findStop(text: string, stops: readonly string[]): number {
  let earliest = -1;
  for (const stop of stops) {
    if (!stop) continue;
    const at = text.indexOf(stop);
    if (at !== -1 && (earliest === -1 || at < earliest)) earliest = at;
  }
  return earliest;
}

/** How much of `text` (which contains no stop sequence) can be streamed without taking anything back. */
export function settledLength(text: string, stops: readonly string[]): number {
  let end = text.length;
  // A trailing U+FFFD is a multi-byte character whose remaining bytes are still to come.
  while (end > 0 && text[end - 1] === '\uFFFD') end--;
  let held = 0;
  for (const stop of stops) {
    for (let length = Math.min(stop.length - 1, end); length > held; length--) {
      if (text.endsWith(stop.slice(0, length), end)) {
        held = length;
        break;
      }
    }
  }
  return end - held;
}
