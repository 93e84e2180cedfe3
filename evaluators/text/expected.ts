// Reading a case's expected value. Text evaluators accept either one reference string or a list of
// acceptable references; the case then scores as well as its best-matching reference.
import type { JsonValue } from '../../server/core/json.js';

/** Short rendering of a value for problem messages: `"abc"`, `42`, `{"a":1}` (truncated). */
export function describeValue(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length <= 80 ? text : `${text.slice(0, 80)}…`;
}

function asReference(value: JsonValue): string | null {
  if (typeof value === 'string') return value;
  // Numbers are accepted because JSONL writers often store answers like 42 unquoted.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** The references in `expected`, or null when it is neither a string nor a non-empty list of strings. */
export function expectedStrings(expected: JsonValue): string[] | null {
  if (Array.isArray(expected)) {
    if (expected.length === 0) return null;
    const references = expected.map(asReference);
    return references.every((reference) => reference !== null) ? (references as string[]) : null;
  }
  const single = asReference(expected);
  return single === null ? null : [single];
}

export type References = { ok: true; references: string[] } | { ok: false; problem: string };

/** The references in `expected`, or the problem message staff should see when there are none. */
export function readReferences(expected: JsonValue): References {
  const references = expectedStrings(expected);
  if (references !== null) return { ok: true, references };
  return { ok: false, problem: `"expected" must be a string or a non-empty list of strings, got ${describeValue(expected)}` };
}

/** The `checkExpected` shared by every text evaluator: a problem message, or null when usable. */
export function checkExpectedStrings(expected: JsonValue): string | null {
  const read = readReferences(expected);
  return read.ok ? null : read.problem;
}

/**
 * Scores the output against every reference and keeps the best, as SQuAD does for multiple gold
 * answers. Returns the winning reference's index so details can show which one was compared.
 */
export function bestReference<T extends { score: number }>(references: string[], scoreOne: (reference: string) => T): T & { referenceIndex: number } {
  let best: (T & { referenceIndex: number }) | null = null;
  for (const [referenceIndex, reference] of references.entries()) {
    const result = scoreOne(reference);
    if (best === null || result.score > best.score) best = { ...result, referenceIndex };
  }
  if (best === null) throw new Error('bestReference needs at least one reference');
  return best;
}
