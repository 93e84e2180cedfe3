// Containment check for answers embedded in longer prose ("The capital is Paris, of course.").
import { z } from 'zod';
import type { Evaluator } from '../server/core/evaluator.js';
import type { JsonValue } from '../server/core/json.js';
import { readReferences, type References } from './text/expected.js';
import { foldText } from './text/normalize.js';
import { unscorable } from './result.js';

const NAME = 'includes';

const paramsSchema = z
  .object({
    caseSensitive: z.boolean().default(false),
    /** With a list of expected strings: false = any one must appear, true = every one must appear. */
    all: z.boolean().default(false),
  })
  .strict();
export type IncludesParams = z.infer<typeof paramsSchema>;

function readNeedles(expected: JsonValue): References {
  const read = readReferences(expected);
  // An empty needle is contained in every output, which would silently give everyone full marks.
  if (read.ok && read.references.some((reference) => reference.trim() === '')) {
    return { ok: false, problem: '"expected" must not be or contain an empty string' };
  }
  return read;
}

export const includes: Evaluator<IncludesParams> = {
  name: NAME,
  description:
    'Scores 1 when the output contains the expected string (any of a list, or every one with all: true), comparing NFKC text with whitespace runs collapsed.',
  params: paramsSchema,
  checkExpected(expected) {
    const read = readNeedles(expected);
    return read.ok ? null : read.problem;
  },
  score({ output, expected, params }) {
    const read = readNeedles(expected);
    if (!read.ok) return unscorable(NAME, read.problem);
    // Whitespace is collapsed on both sides so "New\nYork" in the output still contains "New York".
    const fold = (text: string) => foldText(text, { caseSensitive: params.caseSensitive, collapseWhitespace: true });
    const haystack = fold(output);
    const found = read.references.filter((reference) => haystack.includes(fold(reference)));
    const missing = read.references.filter((reference) => !found.includes(reference));
    const passed = params.all ? missing.length === 0 : found.length > 0;
    return { name: NAME, score: passed ? 1 : 0, details: { found, missing } };
  },
};
