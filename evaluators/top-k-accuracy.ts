// Image-text classification (CLIP-style): the model ranks the task's labels for an image, and the case
// is right when the expected label is among the top k.
import { z } from 'zod';
import type { Evaluator } from '../server/core/evaluator.js';
import type { JsonValue } from '../server/core/json.js';
import { describeValue } from './text/expected.js';
import { normalizeAnswer } from './text/normalize.js';
import { unscorable } from './result.js';

const NAME = 'top-k-accuracy';

const paramsSchema = z
  .object({
    k: z.number().int('k must be a whole number').min(1, 'k must be at least 1').default(1),
  })
  .strict();
export type TopKAccuracyParams = z.infer<typeof paramsSchema>;

function notALabel(expected: JsonValue): string | null {
  return typeof expected === 'string' && expected.trim() !== '' ? null : `"expected" must be a label string, got ${describeValue(expected)}`;
}

export const topKAccuracy: Evaluator<TopKAccuracyParams> = {
  name: NAME,
  description: 'Scores 1 when the expected label is among the first k labels of the ranking (top-1 accuracy by default); labels compare after normalisation.',
  params: paramsSchema,
  checkExpected: (expected) => notALabel(expected),
  score({ expected, ranking, params }) {
    const problem = notALabel(expected);
    if (problem !== null) return unscorable(NAME, problem);
    if (ranking === undefined) return unscorable(NAME, 'no ranking: this evaluator needs the ranked labels of an image-text model');
    const target = normalizeAnswer(String(expected));
    const position = ranking.findIndex((candidate) => normalizeAnswer(candidate) === target);
    const rank = position === -1 ? null : position + 1;
    return {
      name: NAME,
      score: rank !== null && rank <= params.k ? 1 : 0,
      details: { rank, k: params.k, top: ranking.slice(0, params.k) },
    };
  },
};
