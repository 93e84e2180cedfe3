// Token-overlap statistics shared by token-f1 and rouge-l.

/** Size of the multiset intersection of two token lists (SQuAD's `Counter(a) & Counter(b)`). */
export function commonTokenCount(candidate: string[], reference: string[]): number {
  const remaining = new Map<string, number>();
  for (const token of reference) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of candidate) {
    const count = remaining.get(token) ?? 0;
    if (count > 0) {
      common += 1;
      remaining.set(token, count - 1);
    }
  }
  return common;
}

/** Length of the longest common subsequence, in O(n·m) time and O(m) memory. */
export function longestCommonSubsequence(candidate: string[], reference: string[]): number {
  let previous = new Array<number>(reference.length + 1).fill(0);
  for (const token of candidate) {
    const current = new Array<number>(reference.length + 1).fill(0);
    for (let j = 1; j <= reference.length; j += 1) {
      current[j] = token === reference[j - 1] ? (previous[j - 1] ?? 0) + 1 : Math.max(previous[j] ?? 0, current[j - 1] ?? 0);
    }
    previous = current;
  }
  return previous[reference.length] ?? 0;
}

export type PrecisionRecall = { score: number; precision: number; recall: number };

/**
 * F-beta from a match count. beta > 1 weighs recall more. When either side has no tokens the pair
 * scores 1 only if both are empty, as in the official SQuAD v2 script (an empty answer to an
 * unanswerable question is right; an empty answer to anything else is wrong).
 */
export function fScore(matches: number, candidateLength: number, referenceLength: number, beta = 1): PrecisionRecall {
  if (candidateLength === 0 || referenceLength === 0) {
    const bothEmpty = candidateLength === referenceLength;
    return { score: bothEmpty ? 1 : 0, precision: bothEmpty ? 1 : 0, recall: bothEmpty ? 1 : 0 };
  }
  const precision = matches / candidateLength;
  const recall = matches / referenceLength;
  if (matches === 0) return { score: 0, precision, recall };
  const betaSquared = beta * beta;
  return { score: ((1 + betaSquared) * precision * recall) / (recall + betaSquared * precision), precision, recall };
}
