// Numeric answers: "The answer is $1,234." should score like "1234". The first (or last) number in the
// output is compared with the expected number, optionally within a tolerance.
import { z } from 'zod';
import type { Evaluator } from '../server/core/evaluator.js';
import type { JsonValue } from '../server/core/json.js';
import { describeValue } from './text/expected.js';
import { findNumbers, numberFromValue } from './text/numbers.js';
import { unscorable } from './result.js';

const NAME = 'numeric';

const paramsSchema = z
  .object({
    /** Which number in the output is the answer: chain-of-thought outputs usually end with it ("last"). */
    position: z.enum(['first', 'last']).default('first'),
    absTolerance: z.number().min(0, 'absTolerance must be 0 or more').default(0),
    /** Fraction of |expected|, e.g. 0.01 accepts answers within 1%. */
    relTolerance: z.number().min(0, 'relTolerance must be 0 or more').default(0),
  })
  .strict();
export type NumericParams = z.infer<typeof paramsSchema>;

function notANumber(expected: JsonValue): string {
  return `"expected" must be a number, got ${describeValue(expected)}`;
}

/**
 * Within tolerance when |output - expected| <= max(absTolerance, relTolerance * |expected|). A tiny slack
 * of 1e-9 relative is added because decimal answers are not exact in binary: |3.1 - 3| is
 * 0.10000000000000009, which must still count as "within 0.1".
 */
export function withinTolerance(actual: number, expected: number, params: NumericParams): boolean {
  const allowed = Math.max(params.absTolerance, params.relTolerance * Math.abs(expected));
  const slack = 1e-9 * Math.max(1, Math.abs(expected));
  return Math.abs(actual - expected) <= allowed + slack;
}

export const numeric: Evaluator<NumericParams> = {
  name: NAME,
  description:
    'Parses the first (or last) number in the output, accepting signs, "1,234" groups, decimals, exponents, "$" and full-width digits, and scores 1 when it is within absTolerance/relTolerance of the expected number.',
  params: paramsSchema,
  checkExpected: (expected) => (numberFromValue(expected) === null ? notANumber(expected) : null),
  score({ output, expected, params }) {
    const expectedNumber = numberFromValue(expected);
    if (expectedNumber === null) return unscorable(NAME, notANumber(expected));
    const numbers = findNumbers(output);
    const chosen = params.position === 'first' ? numbers[0] : numbers[numbers.length - 1];
    if (chosen === undefined) return { name: NAME, score: 0, details: { extracted: null } };
    return {
      name: NAME,
      score: withinTolerance(chosen.value, expectedNumber, params) ? 1 : 0,
      details: { extracted: chosen.text, value: chosen.value, difference: chosen.value - expectedNumber },
    };
  },
};
