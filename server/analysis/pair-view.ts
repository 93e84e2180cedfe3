// The pair view: two programs side by side, each part as runs of shared and own text. Shared means
// in both programs' own shingles (the starter material removed, as when the pair was found), so
// the README's phrase both started from stays plain and only what they have in common beyond it lights up.
import type { PairSection } from '../core/analysis-api.js';
import { programSections } from './program-sections.js';
import { highlight, jaccard, ownShingles } from './shingles.js';

export function pairSections(
  programA: unknown,
  programB: unknown,
  starter: ReadonlySet<string>,
  shingle: number,
): { a: PairSection[]; b: PairSection[]; jaccard: number } {
  const sectionsA = programSections(programA);
  const sectionsB = programSections(programB);
  const ownA = ownShingles(
    sectionsA.map((section) => section.text),
    starter,
    shingle,
  );
  const ownB = ownShingles(
    sectionsB.map((section) => section.text),
    starter,
    shingle,
  );
  const shared = new Set([...ownA].filter((value) => ownB.has(value)));
  const view = (sections: typeof sectionsA) => sections.map((section) => ({ label: section.label, runs: highlight(section.text, shared, shingle) }));
  return { a: view(sectionsA), b: view(sectionsB), jaccard: Math.round(jaccard(ownA, ownB) * 10_000) / 10_000 };
}
