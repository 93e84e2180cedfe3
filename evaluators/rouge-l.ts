// ROUGE-L: like token F1 but word order matters, through the longest common subsequence. Suits
// summaries and free-form answers where "dog bites man" and "man bites dog" should differ.
import { z } from 'zod';
import type { Evaluator } from '../server/core/evaluator.js';
import { bestReference, checkExpectedStrings, readReferences } from './text/expected.js';
import { round4 } from './text/normalize.js';
import { fScore, longestCommonSubsequence } from './text/overlap.js';
import { answerTokens } from './text/tokenize.js';
import { unscorable } from './result.js';

const NAME = 'rouge-l';

const paramsSchema = z
  .object({
    /**
     * Recall weight of the F-measure. 1 gives plain F1 (what most toolkits such as rouge-score report);
     * the original ROUGE-1.5.5 script used 1.2.
     */
    beta: z.number().positive('beta must be greater than 0').default(1),
  })
  .strict();
export type RougeLParams = z.infer<typeof paramsSchema>;

export const rougeL: Evaluator<RougeLParams> = {
  name: NAME,
  description:
    'ROUGE-L F-measure (longest common subsequence of normalised, CJK-aware tokens) between the output and the expected string, best over a list; beta defaults to 1 (F1).',
  params: paramsSchema,
  checkExpected: (expected) => checkExpectedStrings(expected),
  score({ output, expected, params }) {
    const read = readReferences(expected);
    if (!read.ok) return unscorable(NAME, read.problem);
    const outputTokens = answerTokens(output);
    const best = bestReference(read.references, (reference) => {
      const referenceTokens = answerTokens(reference);
      const common = longestCommonSubsequence(outputTokens, referenceTokens);
      return fScore(common, outputTokens.length, referenceTokens.length, params.beta);
    });
    return {
      name: NAME,
      score: best.score,
      details: { precision: round4(best.precision), recall: round4(best.recall), reference: best.referenceIndex },
    };
  },
};
