// Whether a reported case counts as a failure the student should look at.
import type { CaseReport } from '../../../server/core/grade-report.js';

export type CaseFilter = 'all' | 'failed' | 'errored';

export function isFailure(item: CaseReport, threshold = 1): boolean {
  return item.error !== undefined || item.score === null || item.score < threshold;
}

export function filterCases(cases: readonly CaseReport[], filter: CaseFilter, threshold = 1): CaseReport[] {
  if (filter === 'failed') return cases.filter((c) => isFailure(c, threshold));
  if (filter === 'errored') return cases.filter((c) => c.error !== undefined);
  return [...cases];
}

/** Expected values are JSON (a label, a number, an object): shown as text. */
export function expectedText(expected: unknown): string {
  return typeof expected === 'string' ? expected : JSON.stringify(expected);
}
