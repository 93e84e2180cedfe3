// Comparing one expected field value with what the model produced. Lenient where models are
// inconsistent but the meaning is the same: "Paris." vs "paris", 42 vs "42", 3.0 vs 3.
import type { JsonValue } from '../../server/core/json.js';
import { normalizeAnswer } from '../text/normalize.js';
import { numberFromValue } from '../text/numbers.js';

export function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field of a parsed object; own properties only, so "constructor" or "toString" are not found on {}. */
export function ownField(object: { [key: string]: JsonValue }, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * Strings compare after SQuAD normalisation (numbers and booleans in the output are read as text);
 * numbers compare numerically (a numeric string in the output counts); arrays element by element in
 * order; objects on the expected keys only (extra output keys are ignored); booleans and null exactly.
 */
export function valuesMatch(expected: JsonValue, actual: JsonValue | undefined): boolean {
  if (actual === undefined) return false;
  if (typeof expected === 'string') {
    if (typeof actual !== 'string' && typeof actual !== 'number' && typeof actual !== 'boolean') return false;
    return normalizeAnswer(String(actual)) === normalizeAnswer(expected);
  }
  if (typeof expected === 'number') {
    const number = numberFromValue(actual);
    // Relative slack so 0.1 + 0.2 computed by a model's tool still equals 0.3.
    return number !== null && Math.abs(number - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, index) => valuesMatch(item, actual[index]));
  }
  if (isObject(expected)) {
    return isObject(actual) && Object.entries(expected).every(([key, value]) => valuesMatch(value, ownField(actual, key)));
  }
  return actual === expected;
}
