// How alike two short texts are, on characters: the Dice coefficient of their character trigram
// multisets (case and spacing folded). It works on any script, Chinese included, with no tokenizer;
// 1 means the same trigrams, 0 none in common. Near-duplicate scans of task cases use it.

const ORDER = 3;

function trigrams(text: string): Map<string, number> {
  const characters = Array.from(` ${text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim()} `);
  const counts = new Map<string, number>();
  for (let start = 0; start + ORDER <= characters.length; start++) {
    const gram = characters.slice(start, start + ORDER).join('');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

export type NgramProfile = { grams: Map<string, number>; total: number };

/** Precomputed trigrams, for comparing one text with many; `ignore` drops shared boilerplate. */
export function ngramProfile(text: string, ignore?: ReadonlySet<string>): NgramProfile {
  const grams = trigrams(text);
  for (const gram of ignore ?? []) grams.delete(gram);
  let total = 0;
  for (const count of grams.values()) total += count;
  return { grams, total };
}

export function profileSimilarity(a: NgramProfile, b: NgramProfile): number {
  if (a.total === 0 || b.total === 0) return a.total === b.total ? 1 : 0;
  let shared = 0;
  for (const [gram, count] of a.grams) shared += Math.min(count, b.grams.get(gram) ?? 0);
  return (2 * shared) / (a.total + b.total);
}

export function charNgramSimilarity(a: string, b: string): number {
  return profileSimilarity(ngramProfile(a), ngramProfile(b));
}

/**
 * The trigrams of a template every text repeats ("What is ... plus ...?"): those found in more than
 * `share` of the texts. Left in, they make any two generated questions look alike.
 */
export function commonTrigrams(texts: readonly string[], share: number): Set<string> {
  const documents = new Map<string, number>();
  for (const text of texts) for (const gram of trigrams(text).keys()) documents.set(gram, (documents.get(gram) ?? 0) + 1);
  return new Set([...documents].filter(([, count]) => count > share * texts.length).map(([gram]) => gram));
}
