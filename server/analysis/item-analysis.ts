// Item analysis of one task: the counted programs' stored reports turned into the pure statistics'
// input (server/analysis/item-stats.ts), with each case's data line and the staff reference
// program's result when one was graded for the task's current version.
import type { ItemAnalysis } from '../core/analysis-api.js';
import type { CaseReport, GradeReport } from '../core/grade-report.js';
import type { Task } from '../core/task.js';
import type { StoredSubmission } from '../submissions/submission-store.js';
import { caseLines } from './case-lines.js';
import { itemStats, type ProgramCases } from './item-stats.js';

export type ReferenceResult = { report: GradeReport; gradedAt: string };

/** Right as the metric counts it: no error and a score at the task's threshold (server/grading/aggregate.ts). */
function isRight(c: CaseReport, threshold: number): boolean {
  return !c.error && (c.score ?? 0) >= threshold;
}

/** The label a case's answer means: the verbalizer's, else the output when it is a label (as the confusion matrix has it). */
function predictedLabel(c: CaseReport, labels: string[]): string | null {
  if (c.error) return null;
  if (c.predicted !== undefined) return c.predicted;
  const output = c.output.trim().toLowerCase();
  return labels.find((label) => label.toLowerCase() === output) ?? null;
}

function outcomes(report: GradeReport, task: Task): ProgramCases['cases'] {
  const labels = task.fields.labels;
  return new Map(
    report.cases.map((c) => [
      caseKey(c.hidden ? 'test' : 'dev', c.caseId),
      { right: isRight(c, task.metric.threshold), ...(labels ? { predicted: predictedLabel(c, labels) } : {}) },
    ]),
  );
}

/** Dev and test ids may repeat ("001" in both files): a case is its split and its id. */
function caseKey(split: 'dev' | 'test', caseId: string): string {
  return `${split}\u0000${caseId}`;
}

export function buildItemAnalysis(task: Task, maxPoints: number, counted: StoredSubmission[], reference: ReferenceResult | null): ItemAnalysis {
  const lines = caseLines(task);
  const programs: ProgramCases[] = counted.map((submission) => ({
    model: submission.report!.model,
    points: submission.points ?? submission.report!.points,
    metric: submission.report!.metric,
    cases: outcomes(submission.report!, task),
  }));
  const usable = reference && reference.report.taskVersion === task.version ? reference : null;
  const analysis = itemStats({
    taskId: task.id,
    taskVersion: task.version,
    maxPoints,
    models: task.models,
    ...(task.fields.labels ? { labels: task.fields.labels } : {}),
    cases: [...task.test, ...task.dev].map((c) => ({
      caseId: caseKey(c.split, c.id),
      split: c.split,
      expected: typeof c.expected === 'string' ? c.expected : JSON.stringify(c.expected),
      line: lines.get(caseKey(c.split, c.id)) ?? null,
    })),
    programs,
    reference: usable
      ? {
          gradedAt: usable.gradedAt,
          taskVersion: usable.report.taskVersion,
          metric: usable.report.metric,
          right: new Map([...outcomes(usable.report, task)].map(([key, outcome]) => [key, outcome.right])),
        }
      : null,
  });
  // The statistics keyed cases by split and id; the page shows the id.
  return { ...analysis, cases: analysis.cases.map((c) => ({ ...c, caseId: c.caseId.slice(c.caseId.indexOf('\u0000') + 1) })) };
}
