// Whether a reported case counts as a failure the student should look at.
import type { CaseReport } from '../../../server/core/grade-report.js';
import type { Said } from '../../../server/shared/messages/say.js';

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

/**
 * What the evaluators said about a case in words, for the student: a judge's reason, why an output
 * was scored 0 without being judged, or that a judge failure is not their fault. Other details
 * (the judge's prompt, numbers) stay in the report for staff and appeals.
 */
export function scoreNotes(
  item: CaseReport,
  render: (said: readonly Said[] | undefined, fallback: string) => string = (_said, fallback) => fallback,
): string[] {
  const notes: string[] = [];
  for (const score of item.scores) {
    const details = score.details ?? {};
    // The sandbox's own notes come by code too (`…Said`); a judge's reason is model output, shown as written.
    if (typeof details.notYourFault === 'string') notes.push(render(saidIn(details.notYourFaultSaid), details.notYourFault));
    else if (typeof details.reason === 'string') notes.push(render(saidIn(details.reasonSaid), details.reason));
  }
  return notes;
}

/** A note's code when the report carries a well-formed one. */
function saidIn(value: unknown): Said[] | undefined {
  const said = value as Said | undefined;
  return said && typeof said.code === 'string' && typeof said.params === 'object' && said.params !== null ? [said] : undefined;
}
