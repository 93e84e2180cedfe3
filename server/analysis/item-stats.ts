// Item analysis as pure statistics: from the counted programs of a task (each one's metric, points
// and per-case right/wrong), the grade distribution, each case's difficulty and discrimination, the
// flags that point staff at a case worth a look, and results per model. No I/O, no storage: the
// same numbers whichever store the programs were read from, and checkable by hand (see its tests).
import type { CaseFlag, CaseItem, Distribution, ItemAnalysis, ModelItem } from '../core/analysis-api.js';

export type ProgramCases = {
  model: string;
  /** Raw points (before any late penalty): item analysis is about the items, not about lateness. */
  points: number;
  metric: number;
  /** Per case: right or not, and the predicted label for classification tasks (null: no label recognised). */
  cases: Map<string, { right: boolean; predicted?: string | null }>;
};

export type CaseInfo = { caseId: string; split: 'dev' | 'test'; expected: string; line: string | null };

export type ItemStatsInput = {
  taskId: string;
  taskVersion: string;
  maxPoints: number;
  /** Models allowed on the task (listed even when no program used them). */
  models: string[];
  cases: CaseInfo[];
  programs: ProgramCases[];
  /** Set for classification tasks: enables the "dominant confusion" flag. */
  labels?: string[];
  reference: { gradedAt: string; taskVersion: string; metric: number; right: Map<string, boolean> } | null;
  bins?: number;
};

/**
 * Quantile with linear interpolation between closest ranks (R's type 7, numpy's default, Excel's
 * QUARTILE.INC): position (n - 1) * p in the sorted values.
 */
export function quantile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * p;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

/** Equal-width bins over [0, top]; a value equal to a boundary goes in the bin above it, `top` in the last. */
export function distribution(values: number[], top: number, bins = 10): Distribution {
  const sorted = [...values].sort((x, y) => x - y);
  const width = top / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const value of sorted) {
    const index = Math.min(bins - 1, Math.max(0, Math.floor(value / width + 1e-9)));
    counts[index]!++;
  }
  return {
    count: sorted.length,
    min: sorted[0] ?? null,
    max: sorted.at(-1) ?? null,
    q1: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    q3: quantile(sorted, 0.75),
    bins: counts.map((count, index) => ({ from: round(index * width), to: round((index + 1) * width), count })),
  };
}

/**
 * Point-biserial correlation of a right/wrong item with a score: (M1 - M0) / s * sqrt(p * q), with
 * s the population standard deviation of all scores (the Pearson correlation of 0/1 with the score).
 * Undefined (null) when everyone or no one got it right, or when every score is the same.
 */
export function pointBiserial(right: boolean[], scores: number[]): number | null {
  const n = right.length;
  if (n === 0 || n !== scores.length) return null;
  const ones = scores.filter((_, index) => right[index]);
  const zeros = scores.filter((_, index) => !right[index]);
  if (ones.length === 0 || zeros.length === 0) return null;
  const mean = scores.reduce((sum, value) => sum + value, 0) / n;
  const sd = Math.sqrt(scores.reduce((sum, value) => sum + (value - mean) ** 2, 0) / n);
  if (sd === 0) return null;
  const m1 = ones.reduce((sum, value) => sum + value, 0) / ones.length;
  const m0 = zeros.reduce((sum, value) => sum + value, 0) / zeros.length;
  const p = ones.length / n;
  return ((m1 - m0) / sd) * Math.sqrt(p * (1 - p));
}

/** The wrong label most programs answer, when at least half of all programs answering the case give it. */
function dominantConfusion(expected: string, predictions: (string | null | undefined)[], labels: string[]): CaseFlag | null {
  const tally = new Map<string, number>();
  for (const predicted of predictions) {
    if (predicted === null || predicted === undefined || predicted === expected || !labels.includes(predicted)) continue;
    tally.set(predicted, (tally.get(predicted) ?? 0) + 1);
  }
  const [top] = [...tally.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  if (!top || top[1] * 2 < predictions.length) return null;
  return { kind: 'dominant-confusion', expected, predicted: top[0], count: top[1], answered: predictions.length };
}

function caseItem(info: CaseInfo, input: ItemStatsInput): CaseItem {
  const answering = input.programs.filter((program) => program.cases.has(info.caseId));
  const outcomes = answering.map((program) => program.cases.get(info.caseId)!);
  const rightList = outcomes.map((outcome) => outcome.right);
  const right = rightList.filter(Boolean).length;
  const discrimination = pointBiserial(
    rightList,
    answering.map((program) => program.metric),
  );
  const referenceRight = input.reference?.right.get(info.caseId) ?? null;
  const flags: CaseFlag[] = [];
  if (answering.length > 0 && right === 0) flags.push({ kind: 'nobody-right', answered: answering.length });
  if (referenceRight === false) flags.push({ kind: 'reference-wrong' });
  if (discrimination !== null && discrimination < 0) flags.push({ kind: 'negative-discrimination', discrimination: round(discrimination) });
  if (input.labels && answering.length > 0) {
    const confusion = dominantConfusion(
      info.expected,
      outcomes.map((outcome) => outcome.predicted),
      input.labels,
    );
    if (confusion) flags.push(confusion);
  }
  return {
    caseId: info.caseId,
    split: info.split,
    line: info.line,
    expected: info.expected,
    answered: answering.length,
    right,
    difficulty: answering.length ? round(right / answering.length) : null,
    discrimination: discrimination === null ? null : round(discrimination),
    referenceRight,
    flags,
  };
}

function modelItems(input: ItemStatsInput): ModelItem[] {
  const used = input.programs.map((program) => program.model);
  const ids = [...new Set([...input.models, ...used])];
  return ids.map((model) => {
    const programs = input.programs.filter((program) => program.model === model);
    const metrics = programs.map((program) => program.metric);
    return {
      model,
      allowed: input.models.includes(model),
      programs: programs.length,
      meanMetric: metrics.length ? round(metrics.reduce((sum, value) => sum + value, 0) / metrics.length) : null,
      medianPoints: programs.length
        ? round(
            quantile(
              programs.map((program) => program.points).sort((x, y) => x - y),
              0.5,
            )!,
          )
        : null,
    };
  });
}

export function itemStats(input: ItemStatsInput): ItemAnalysis {
  const bins = input.bins ?? 10;
  const { reference } = input;
  return {
    taskId: input.taskId,
    taskVersion: input.taskVersion,
    maxPoints: input.maxPoints,
    programs: input.programs.length,
    points: distribution(
      input.programs.map((program) => program.points),
      input.maxPoints,
      bins,
    ),
    metric: distribution(
      input.programs.map((program) => program.metric),
      1,
      bins,
    ),
    cases: input.cases.map((info) => caseItem(info, input)),
    models: modelItems(input),
    reference: reference ? { gradedAt: reference.gradedAt, taskVersion: reference.taskVersion, metric: reference.metric } : null,
  };
}

/** Four decimals: enough for staff, and stable to compare in tests and across stores. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
