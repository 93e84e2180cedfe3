// What a run's metric, counts and evaluator summaries need of each scored case: its scores, whether
// it errored, and for a labelled task its expected and predicted label. A case's report (outputs,
// details) can then be let go as soon as it is tallied when the report does not carry it (a CLI
// grade's hidden cases), so a run's memory does not grow with its reports (bench/startup). Cases
// are tallied in the split's order and aggregated by the same functions as before, so the figures
// are the same to the last bit.
import type { CaseReport, Confusion, GradeReport } from '../core/grade-report.js';
import type { TaskConfig } from '../core/task.js';
import { computeMetric, evaluatorSummaries, type CaseForAggregate } from './aggregate.js';
import type { BoundEvaluator } from './score-case.js';

export type CaseTally = {
  add(report: CaseReport): void;
  readonly total: number;
  readonly errored: number;
  metric(): { metric: number; correct: number; confusion?: Confusion };
  summaries(evaluators: BoundEvaluator[]): GradeReport['evaluators'];
};

export function createCaseTally(task: Pick<TaskConfig, 'metric' | 'fields'>): CaseTally {
  const cases: CaseForAggregate[] = [];
  let errored = 0;
  // The output is read only to find the label of a case the verbalizer did not label.
  const labelled = Boolean(task.fields.labels);
  return {
    add(report) {
      if (report.error) errored++;
      cases.push({
        score: report.score,
        scores: report.scores.map((score) => ({ score: score.score })),
        ...(report.error ? { error: report.error } : {}),
        expected: report.expected,
        output: labelled && report.predicted === undefined ? report.output : '',
        // The report writes "no label" as ''; the metric reads it as null.
        ...(report.predicted !== undefined ? { predicted: report.predicted === '' ? null : report.predicted } : {}),
      });
    },
    get total() {
      return cases.length;
    },
    get errored() {
      return errored;
    },
    metric: () => computeMetric(cases, task),
    summaries: (evaluators) => evaluatorSummaries(cases, evaluators),
  };
}
