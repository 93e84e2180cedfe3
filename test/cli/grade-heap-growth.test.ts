// The grade command caps its heap's growth (server/cli/grade-heap-growth.ts): the flag it sets, the
// override for the bench, and refusing an override that is not a percentage.
import { describe, expect, it } from 'vitest';
import { GRADE_HEAP_GROWING_PERCENT, capHeapGrowthForGrading } from '../../server/cli/grade-heap-growth.js';

function flagsSet(env: NodeJS.ProcessEnv): string[] {
  const set: string[] = [];
  capHeapGrowthForGrading(env, (flags) => set.push(flags));
  return set;
}

describe('capHeapGrowthForGrading', () => {
  it('caps the growth at the grading default unless told otherwise', () => {
    expect(flagsSet({})).toEqual([`--heap-growing-percent=${GRADE_HEAP_GROWING_PERCENT}`]);
    expect(flagsSet({ SANDBOX_GRADE_HEAP_GROWING_PERCENT: '' })).toEqual([`--heap-growing-percent=${GRADE_HEAP_GROWING_PERCENT}`]);
    expect(flagsSet({ SANDBOX_GRADE_HEAP_GROWING_PERCENT: '80' })).toEqual(['--heap-growing-percent=80']);
  });

  it('leaves V8 its own growth with 0', () => {
    expect(flagsSet({ SANDBOX_GRADE_HEAP_GROWING_PERCENT: '0' })).toEqual([]);
  });

  it('refuses what is not a whole percentage', () => {
    for (const given of ['-5', '1.5', 'fast']) {
      expect(() => flagsSet({ SANDBOX_GRADE_HEAP_GROWING_PERCENT: given })).toThrow(/whole number/);
    }
  });
});
