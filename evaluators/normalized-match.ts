// Exact match after SQuAD-style normalisation, so "The Eiffel Tower." and "eiffel tower" agree.
import { z } from 'zod';
import type { Evaluator } from '../server/core/evaluator.js';
import { checkExpectedStrings, readReferences } from './text/expected.js';
import { normalizeAnswer, preview } from './text/normalize.js';
import { unscorable } from './result.js';

const NAME = 'normalized-match';

const paramsSchema = z.object({}).strict();
export type NormalizedMatchParams = z.infer<typeof paramsSchema>;

export const normalizedMatch: Evaluator<NormalizedMatchParams> = {
  name: NAME,
  description:
    'Scores 1 when the output equals the expected string (or any of a list) after NFKC, lowercasing, removing punctuation and the articles a/an/the, and collapsing whitespace.',
  params: paramsSchema,
  checkExpected: (expected) => checkExpectedStrings(expected),
  score({ output, expected }) {
    const read = readReferences(expected);
    if (!read.ok) return unscorable(NAME, read.problem);
    const normalizedOutput = normalizeAnswer(output);
    const normalizedReferences = read.references.map(normalizeAnswer);
    return {
      name: NAME,
      score: normalizedReferences.includes(normalizedOutput) ? 1 : 0,
      details: { normalizedOutput: preview(normalizedOutput), normalizedExpected: normalizedReferences.map(preview) },
    };
  },
};
