// Text-to-image retrieval: the model ranks gallery ids for a text query; the case scores by how many
// relevant ids appear in the top k.
import { z } from 'zod';
import type { Evaluator } from '../server/core/evaluator.js';
import type { JsonValue } from '../server/core/json.js';
import { describeValue } from './text/expected.js';
import { unscorable } from './result.js';

const NAME = 'recall-at-k';

const paramsSchema = z
  .object({
    k: z.number().int('k must be a whole number').min(1, 'k must be at least 1').default(5),
  })
  .strict();
export type RecallAtKParams = z.infer<typeof paramsSchema>;

type RelevantIds = { ok: true; ids: string[] } | { ok: false; problem: string };

function asId(value: JsonValue): string | null {
  if (typeof value === 'string' && value !== '') return value;
  // Gallery ids are often numbers in JSONL; rankings always hold strings.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function readRelevantIds(expected: JsonValue): RelevantIds {
  const ids = (Array.isArray(expected) ? expected : [expected]).map(asId);
  if (ids.length > 0 && ids.every((id) => id !== null)) return { ok: true, ids: [...new Set(ids as string[])] };
  return { ok: false, problem: `"expected" must be a gallery id or a non-empty list of ids, got ${describeValue(expected)}` };
}

export const recallAtK: Evaluator<RecallAtKParams> = {
  name: NAME,
  description:
    'Recall@k for retrieval: the fraction of the relevant ids (expected, one id or a list) found in the first k ranked ids, so with a single relevant id it is 1 on a hit and 0 otherwise.',
  params: paramsSchema,
  checkExpected(expected) {
    const read = readRelevantIds(expected);
    return read.ok ? null : read.problem;
  },
  score({ expected, ranking, params }) {
    const read = readRelevantIds(expected);
    if (!read.ok) return unscorable(NAME, read.problem);
    if (ranking === undefined) return unscorable(NAME, 'no ranking: this evaluator needs the ranked gallery ids of a retrieval model');
    // Ids are identifiers, so they compare exactly (no case or punctuation folding).
    const top = new Set(ranking.slice(0, params.k));
    const found = read.ids.filter((id) => top.has(id));
    const firstRank = ranking.findIndex((id) => read.ids.includes(id));
    return {
      name: NAME,
      score: found.length / read.ids.length,
      details: {
        found,
        relevant: read.ids.length,
        firstRelevantRank: firstRank === -1 ? null : firstRank + 1,
        k: params.k,
      },
    };
  },
};
