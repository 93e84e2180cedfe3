// The strictest check: the output must equal a reference character for character (after the
// optional trim and case folding). Useful for codes, ids and formats where punctuation matters.
import { z } from 'zod';
import type { Evaluator } from '../server/core/evaluator.js';
import { checkExpectedStrings, readReferences } from './text/expected.js';
import { preview } from './text/normalize.js';
import { unscorable } from './result.js';

const NAME = 'exact-match';

const paramsSchema = z
  .object({
    caseSensitive: z.boolean().default(true),
    /** Trims leading/trailing whitespace (including the ideographic space U+3000 and newlines). */
    trim: z.boolean().default(true),
  })
  .strict();
export type ExactMatchParams = z.infer<typeof paramsSchema>;

function prepare(text: string, params: ExactMatchParams): string {
  // NFC only: "é" typed as one code point or as e + combining accent is the same text to a reader,
  // while NFKC would also merge full-width and half-width forms, which is no longer "exact".
  const composed = text.normalize('NFC');
  const trimmed = params.trim ? composed.trim() : composed;
  return params.caseSensitive ? trimmed : trimmed.toLowerCase();
}

export const exactMatch: Evaluator<ExactMatchParams> = {
  name: NAME,
  description: 'Scores 1 when the output equals the expected string (or one of a list) exactly, after optional trimming and case folding.',
  params: paramsSchema,
  checkExpected: (expected) => checkExpectedStrings(expected),
  score({ output, expected, params }) {
    const read = readReferences(expected);
    if (!read.ok) return unscorable(NAME, read.problem);
    const compared = prepare(output, params);
    const matched = read.references.some((reference) => prepare(reference, params) === compared);
    return { name: NAME, score: matched ? 1 : 0, details: { compared: preview(compared) } };
  },
};
