// SQuAD token F1: partial credit for answers that overlap the reference ("Eiffel Tower in Paris" vs
// "the Eiffel Tower"). Tokens are CJK-aware so Chinese answers get partial credit per character.
import { z } from 'zod';
import type { Evaluator } from '../server/core/evaluator.js';
import { bestReference, checkExpectedStrings, readReferences } from './text/expected.js';
import { round4 } from './text/normalize.js';
import { commonTokenCount, fScore } from './text/overlap.js';
import { answerTokens } from './text/tokenize.js';
import { unscorable } from './result.js';

const NAME = 'token-f1';

const paramsSchema = z.object({}).strict();
export type TokenF1Params = z.infer<typeof paramsSchema>;

export const tokenF1: Evaluator<TokenF1Params> = {
  name: NAME,
  description:
    'SQuAD token F1 between the normalised output and the expected string (best over a list); each Chinese/Japanese/Korean character is one token, other words split on whitespace.',
  params: paramsSchema,
  checkExpected: (expected) => checkExpectedStrings(expected),
  score({ output, expected }) {
    const read = readReferences(expected);
    if (!read.ok) return unscorable(NAME, read.problem);
    const outputTokens = answerTokens(output);
    const best = bestReference(read.references, (reference) => {
      const referenceTokens = answerTokens(reference);
      return fScore(commonTokenCount(outputTokens, referenceTokens), outputTokens.length, referenceTokens.length);
    });
    return {
      name: NAME,
      score: best.score,
      details: { precision: round4(best.precision), recall: round4(best.recall), reference: best.referenceIndex },
    };
  },
};
