// chrF (Popović 2015) with sacrebleu's defaults: character n-grams of order 1..6, beta = 2, whitespace
// removed, case kept. Character-level matching needs no tokeniser, so it works for Chinese as is.
// Scaled to 0..1 (sacrebleu reports 0..100). One deliberate addition: both sides are NFKC-normalised
// first, so full-width "ＡＢＣ" matches "ABC" and a decomposed "é" matches a composed one; on text without
// such compatibility characters the score is identical to sacrebleu's.
import { z } from 'zod';
import type { Evaluator } from '../server/core/evaluator.js';
import { bestReference, checkExpectedStrings, readReferences } from './text/expected.js';
import { round4 } from './text/normalize.js';
import { unscorable } from './result.js';

const NAME = 'chrf';
const CHAR_ORDER = 6;
const BETA = 2;

const paramsSchema = z.object({}).strict();
export type ChrfParams = z.infer<typeof paramsSchema>;

function characterNgrams(characters: string[], order: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let start = 0; start + order <= characters.length; start += 1) {
    const gram = characters.slice(start, start + order).join('');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function total(counts: Map<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

function matchCount(hypothesis: Map<string, number>, reference: Map<string, number>): number {
  let matches = 0;
  for (const [gram, count] of hypothesis) matches += Math.min(count, reference.get(gram) ?? 0);
  return matches;
}

/**
 * Sentence-level chrF exactly as sacrebleu 2.x computes it without eps smoothing: precision and recall are
 * averaged over the "effective" orders (those where both sides have at least one n-gram), then combined
 * into one F-beta. Characters are code points (Array.from), like Python strings, so rare CJK characters
 * outside the BMP count once, not twice.
 */
export function chrfScore(hypothesis: string, reference: string): { score: number; precision: number; recall: number } {
  const hypothesisCharacters = Array.from(hypothesis.normalize('NFKC').replace(/\s+/gu, ''));
  const referenceCharacters = Array.from(reference.normalize('NFKC').replace(/\s+/gu, ''));
  let precisionSum = 0;
  let recallSum = 0;
  let effectiveOrders = 0;
  for (let order = 1; order <= CHAR_ORDER; order += 1) {
    const hypothesisGrams = characterNgrams(hypothesisCharacters, order);
    const referenceGrams = characterNgrams(referenceCharacters, order);
    const hypothesisTotal = total(hypothesisGrams);
    const referenceTotal = total(referenceGrams);
    if (hypothesisTotal === 0 || referenceTotal === 0) continue;
    const matches = matchCount(hypothesisGrams, referenceGrams);
    precisionSum += matches / hypothesisTotal;
    recallSum += matches / referenceTotal;
    effectiveOrders += 1;
  }
  if (effectiveOrders === 0) return { score: 0, precision: 0, recall: 0 };
  const precision = precisionSum / effectiveOrders;
  const recall = recallSum / effectiveOrders;
  if (precision + recall === 0) return { score: 0, precision, recall };
  const betaSquared = BETA * BETA;
  return { score: ((1 + betaSquared) * precision * recall) / (betaSquared * precision + recall), precision, recall };
}

export const chrf: Evaluator<ChrfParams> = {
  name: NAME,
  description:
    'chrF with sacrebleu defaults (character 1- to 6-grams, beta 2, whitespace ignored, case-sensitive) on NFKC text, on a 0..1 scale, best over a list of expected strings; suited to translation, including Chinese.',
  params: paramsSchema,
  checkExpected: (expected) => checkExpectedStrings(expected),
  score({ output, expected }) {
    const read = readReferences(expected);
    if (!read.ok) return unscorable(NAME, read.problem);
    const best = bestReference(read.references, (reference) => chrfScore(output, reference));
    return {
      name: NAME,
      score: best.score,
      details: { precision: round4(best.precision), recall: round4(best.recall), reference: best.referenceIndex },
    };
  },
};
