// Case scores -> the task's metric. Every case is in the denominator: an errored or unscorable case
// counts as 0 and is reported in `counts`, so a failing model can never raise a grade.
import type { Confusion, GradeReport } from '../core/grade-report.js';
import type { TaskConfig } from '../core/task.js';
import type { BoundEvaluator } from './score-case.js';
import { confusionMatrix, macroF1, mean, meanPerClassRecall } from './metrics.js';

export type CaseForAggregate = Pick<GradeReport['cases'][number], 'score' | 'error' | 'expected' | 'output'> & {
  /** Each evaluator's score, in the task's order (only the number is read). */
  scores: { score: number | null }[];
  /** undefined: no verbalizer (use the output); null: the verbalizer found no label. */
  predicted?: string | null | undefined;
};

export function evaluatorSummaries(cases: CaseForAggregate[], evaluators: BoundEvaluator[]): GradeReport['evaluators'] {
  return evaluators.map((bound, index) => {
    const values = cases.map((c) => c.scores[index]?.score ?? null);
    const scored = values.filter((value): value is number => value !== null);
    return {
      name: bound.label,
      weight: bound.use.weight,
      mean: scored.length ? mean(scored) : null,
      passed: scored.filter((value) => value >= 1).length,
      scored: scored.length,
      unscorable: values.length - scored.length,
    };
  });
}

export function computeMetric(
  cases: CaseForAggregate[],
  task: Pick<TaskConfig, 'metric' | 'fields'>,
): { metric: number; correct: number; confusion?: Confusion } {
  const caseScores = cases.map((c) => (c.error ? 0 : (c.score ?? 0)));
  const correct = caseScores.filter((score) => score >= task.metric.threshold).length;
  const labels = task.fields.labels;
  const confusion = labels
    ? confusionMatrix(
        labels,
        cases.map((c) => ({ expected: String(c.expected), predicted: c.error ? null : predictedLabel(c, labels) })),
      )
    : undefined;
  let metric: number;
  switch (task.metric.aggregate) {
    case 'mean':
      metric = mean(caseScores);
      break;
    case 'accuracy':
      metric = cases.length ? correct / cases.length : 0;
      break;
    case 'macro-f1':
      metric = macroF1(confusion!);
      break;
    case 'mean-per-class-recall':
      metric = meanPerClassRecall(confusion!);
      break;
  }
  return { metric: Math.min(1, Math.max(0, metric)), correct, ...(confusion ? { confusion } : {}) };
}

/** The verbalizer's label when there is one, else the output if it is (case-insensitively) a label. */
function predictedLabel(c: CaseForAggregate, labels: string[]): string | null {
  if (c.predicted !== undefined) return c.predicted;
  const output = c.output.trim().toLowerCase();
  return labels.find((label) => label.toLowerCase() === output) ?? null;
}
