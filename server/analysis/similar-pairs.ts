// Pairs of programs whose own text (the starter material removed) is unusually alike. Every program
// gets a MinHash signature; every pair's signatures are compared (a fixed 128-number comparison,
// whatever the prompt length: a class of 500 is 125 000 pairs, well under a second, so no LSH
// banding is needed); pairs whose estimate comes near the threshold get their exact Jaccard
// similarity, which is what decides and what staff read.
import { estimateJaccard, minhashSignature } from './minhash.js';
import { jaccard, ownShingles } from './shingles.js';

export type ComparedProgram = { key: string; texts: string[] };
export type FoundPair = { a: string; b: string; jaccard: number; estimate: number };

/** How far below the threshold an estimate may fall and still be checked exactly (about 3 standard errors at 128 hashes). */
const ESTIMATE_MARGIN = 0.15;

export type PairSearch = {
  programs: ComparedProgram[];
  starter: ReadonlySet<string>;
  threshold: number;
  shingle: number;
  /** Called after each program is done (signatures, then comparisons): a background job's progress. */
  onProgress?: (done: number, total: number) => void;
  /** Lets other work run between programs (the server passes a setImmediate pause). */
  pause?: () => Promise<void>;
};

export async function findSimilarPairs(search: PairSearch): Promise<FoundPair[]> {
  const { programs, starter, threshold, shingle } = search;
  const total = programs.length * 2;
  let done = 0;
  const step = async () => {
    search.onProgress?.(++done, total);
    await search.pause?.();
  };
  const sets: Set<string>[] = [];
  const signatures: Uint32Array[] = [];
  for (const program of programs) {
    const own = ownShingles(program.texts, starter, shingle);
    sets.push(own);
    signatures.push(minhashSignature(own));
    await step();
  }
  const pairs: FoundPair[] = [];
  for (let i = 0; i < programs.length; i++) {
    // A program with nothing of its own (only starter text) is like no one: never paired.
    if (sets[i]!.size > 0) {
      for (let j = i + 1; j < programs.length; j++) {
        if (sets[j]!.size === 0) continue;
        const estimate = estimateJaccard(signatures[i]!, signatures[j]!);
        if (estimate < threshold - ESTIMATE_MARGIN) continue;
        const exact = jaccard(sets[i]!, sets[j]!);
        if (exact >= threshold) pairs.push({ a: programs[i]!.key, b: programs[j]!.key, jaccard: round(exact), estimate: round(estimate) });
      }
    }
    await step();
  }
  return pairs.sort((x, y) => y.jaccard - x.jaccard || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
