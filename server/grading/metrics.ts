// Aggregate metrics over a whole run: pure functions of numbers and label pairs, so the grading engine
// stays thin and each formula can be checked against hand-worked examples.
import type { Confusion } from '../core/grade-report.js';

/** Arithmetic mean; 0 for an empty list, so a run with no cases earns nothing rather than NaN. */
export function mean(values: number[]): number {
  if (values.length === 0) return 0;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Counts (expected, predicted) pairs into matrix[expectedIndex][predictedIndex]. The matrix has one row per
 * label and one column per label plus a last column for predictions that are null or not a label
 * (labels compare exactly; the verbalizer has already mapped outputs to labels). Pairs whose expected
 * value is not a label are ignored, because they have no row to go in.
 */
export function confusionMatrix(labels: string[], pairs: { expected: string; predicted: string | null }[]): Confusion {
  const indexOf = new Map<string, number>();
  labels.forEach((label, index) => {
    if (!indexOf.has(label)) indexOf.set(label, index);
  });
  const otherColumn = labels.length;
  const matrix = labels.map(() => new Array<number>(labels.length + 1).fill(0));
  for (const { expected, predicted } of pairs) {
    const row = matrix[indexOf.get(expected) ?? -1];
    if (row === undefined) continue;
    const column = predicted === null ? otherColumn : (indexOf.get(predicted) ?? otherColumn);
    row[column] = (row[column] ?? 0) + 1;
  }
  return { labels: [...labels], matrix };
}

type ClassCounts = { truePositives: number; falsePositives: number; falseNegatives: number; support: number };

/** Per-label counts. A prediction in the "no label" column is a false negative for its expected label only. */
function classCounts(confusion: Confusion): ClassCounts[] {
  const { labels, matrix } = confusion;
  return labels.map((_, labelIndex) => {
    const row = matrix[labelIndex] ?? [];
    const support = row.reduce((sum, count) => sum + count, 0);
    const truePositives = row[labelIndex] ?? 0;
    const predictedAsLabel = matrix.reduce((sum, otherRow) => sum + (otherRow[labelIndex] ?? 0), 0);
    return {
      truePositives,
      falsePositives: predictedAsLabel - truePositives,
      falseNegatives: support - truePositives,
      support,
    };
  });
}

/**
 * Macro-averaged F1 over every label of the confusion, matching scikit-learn's
 * `f1_score(y_true, y_pred, labels=labels, average='macro', zero_division=0)`: per label
 * F1 = 2·TP / (2·TP + FP + FN), and a label whose F1 is undefined (no support and never predicted)
 * contributes 0 while still counting in the average. Unmatched predictions (the last column) count as
 * false negatives. 0 when there are no labels.
 */
export function macroF1(confusion: Confusion): number {
  const perClass = classCounts(confusion).map(({ truePositives, falsePositives, falseNegatives }) => {
    const denominator = 2 * truePositives + falsePositives + falseNegatives;
    return denominator === 0 ? 0 : (2 * truePositives) / denominator;
  });
  return mean(perClass);
}

/**
 * Mean over labels that have support (at least one case expects them) of TP / support, also called
 * balanced accuracy. Labels without support are skipped, since their recall is undefined; 0 when no
 * label has support.
 */
export function meanPerClassRecall(confusion: Confusion): number {
  const recalls = classCounts(confusion)
    .filter(({ support }) => support > 0)
    .map(({ truePositives, support }) => truePositives / support);
  return mean(recalls);
}
