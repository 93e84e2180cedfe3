// Classification: the output is already a predicted label (the verbalizer mapped "great movie!" to
// "positive" upstream), so this only compares it with the expected label after normalisation.
import { z } from 'zod';
import type { Evaluator } from '../server/core/evaluator.js';
import type { JsonValue } from '../server/core/json.js';
import { describeValue } from './text/expected.js';
import { normalizeAnswer } from './text/normalize.js';
import { unscorable } from './result.js';

const NAME = 'label';

const paramsSchema = z
  .object({
    /** The allowed labels; when given, every case's expected value must be one of them. */
    labels: z.array(z.string().min(1, 'labels must not contain an empty string')).min(1, 'labels must list at least one label').optional(),
  })
  .strict();
export type LabelParams = z.infer<typeof paramsSchema>;

function checkExpected(expected: JsonValue, params: LabelParams): string | null {
  if (typeof expected !== 'string' || normalizeAnswer(expected) === '') {
    return `"expected" must be a label string, got ${describeValue(expected)}`;
  }
  const labels = params.labels;
  if (labels !== undefined && !labels.some((label) => normalizeAnswer(label) === normalizeAnswer(expected))) {
    return `"expected" must be one of ${labels.join(', ')}, got ${describeValue(expected)}`;
  }
  return null;
}

export const label: Evaluator<LabelParams> = {
  name: NAME,
  description:
    'Scores 1 when the predicted label equals the expected label after normalisation (case, punctuation, full-width forms); params.labels lists the allowed labels.',
  params: paramsSchema,
  checkExpected,
  score({ output, expected, params }) {
    const problem = checkExpected(expected, params);
    if (problem !== null) return unscorable(NAME, problem);
    const predicted = normalizeAnswer(output);
    const details: Record<string, JsonValue> = { predicted };
    // Tells a student their verbalizer produced something that is not a label at all.
    if (params.labels !== undefined) details.knownLabel = params.labels.some((known) => normalizeAnswer(known) === predicted);
    return { name: NAME, score: predicted === normalizeAnswer(String(expected)) ? 1 : 0, details };
  },
};
