// Finding the JSON in model output. Chat models wrap JSON in ```json fences or in prose ("Here is the
// result: {...} Let me know..."); students should be graded on the JSON, not on the wrapping.
import type { JsonValue } from '../../server/core/json.js';

export type ExtractedJson = { ok: true; value: JsonValue; from: 'whole' | 'fence' | 'embedded' } | { ok: false };

const FENCE = /```[A-Za-z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/g;
/** Bounds the work on long outputs full of stray brackets; real answers have their JSON early. */
const MAX_EMBEDDED_ATTEMPTS = 50;

function parse(text: string): { ok: true; value: JsonValue } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch {
    return { ok: false };
  }
}

/** Index of the bracket closing the one at `start`, skipping brackets inside strings; -1 when unbalanced. */
export function closingBracket(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{') stack.push('}');
    else if (character === '[') stack.push(']');
    else if (character === '}' || character === ']') {
      if (stack.pop() !== character) return -1;
      if (stack.length === 0) return index;
    }
  }
  return -1;
}

/**
 * The JSON value in the output: the whole trimmed text if it parses, else the first fenced block that
 * parses, else the first balanced {...} or [...] that parses.
 */
export function extractJson(output: string): ExtractedJson {
  const trimmed = output.trim();
  if (trimmed === '') return { ok: false };
  const whole = parse(trimmed);
  if (whole.ok) return { ...whole, from: 'whole' };
  for (const fence of trimmed.matchAll(FENCE)) {
    const fenced = parse((fence[1] ?? '').trim());
    if (fenced.ok) return { ...fenced, from: 'fence' };
  }
  let attempts = 0;
  for (let start = 0; start < trimmed.length && attempts < MAX_EMBEDDED_ATTEMPTS; start += 1) {
    if (trimmed[start] !== '{' && trimmed[start] !== '[') continue;
    attempts += 1;
    const end = closingBracket(trimmed, start);
    if (end === -1) continue;
    const embedded = parse(trimmed.slice(start, end + 1));
    if (embedded.ok) return { ...embedded, from: 'embedded' };
  }
  return { ok: false };
}
