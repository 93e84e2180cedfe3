// `sandbox grade` is one grading run in a process of its own, and each case leaves garbage that
// outlives young-generation collections. Between full collections V8 lets the old generation grow
// to a multiple of what was live after the last one, and the multiple depends on how that collection
// went (on a busy machine it comes out large), so a 5,000-case run's peak RSS landed at about 125
// or about 170 MiB from run to run for the same code, with no full collection in between. Capping
// the growth makes the full collections come on time: a few more of them, each a few milliseconds
// on this small heap. Measured side by side with V8's own growth, peak RSS and CPU time, in
// bench/startup (run E in bench/README.md).
import v8 from 'node:v8';

/** The cap: the old generation grows to at most 1.5 times what the last full collection kept. */
export const GRADE_HEAP_GROWING_PERCENT = 50;

/**
 * Caps this process's old-generation growth between full collections, for a process that runs one
 * grade. SANDBOX_GRADE_HEAP_GROWING_PERCENT overrides the cap; 0 leaves V8's own (for the bench).
 */
export function capHeapGrowthForGrading(env: NodeJS.ProcessEnv, setFlags: (flags: string) => void = v8.setFlagsFromString): void {
  const given = env.SANDBOX_GRADE_HEAP_GROWING_PERCENT;
  const percent = given === undefined || given === '' ? GRADE_HEAP_GROWING_PERCENT : Number(given);
  if (!Number.isInteger(percent) || percent < 0) throw new Error(`SANDBOX_GRADE_HEAP_GROWING_PERCENT must be a whole number, 0 or more (got "${given}")`);
  if (percent > 0) setFlags(`--heap-growing-percent=${percent}`);
}
