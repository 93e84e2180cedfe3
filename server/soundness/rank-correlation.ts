// Agreement between a judge's scores and the staff's known scores: Spearman's rank correlation
// (Pearson's on ranks, ties given their average rank) and the mean absolute error. Pure, so the
// calibration step's numbers can be checked against hand-computed values.

/** 1-based ranks, ties sharing the average of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i]!.index] = rank;
    start = end + 1;
  }
  return ranks;
}

function pearson(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length;
  const meanA = a.reduce((s, v) => s + v, 0) / n;
  const meanB = b.reduce((s, v) => s + v, 0) / n;
  let cov = 0;
  let varA = 0;
  let varB = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i]! - meanA) * (b[i]! - meanB);
    varA += (a[i]! - meanA) ** 2;
    varB += (b[i]! - meanB) ** 2;
  }
  return varA === 0 || varB === 0 ? null : cov / Math.sqrt(varA * varB);
}

/** Spearman's rho; null when fewer than two pairs or one side is constant (no ranking to compare). */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) throw new Error(`spearman needs pairs: ${a.length} vs ${b.length} values`);
  if (a.length < 2) return null;
  return pearson(averageRanks(a), averageRanks(b));
}

export function meanAbsoluteError(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`mean absolute error needs pairs: ${a.length} vs ${b.length} values`);
  if (!a.length) return 0;
  return a.reduce((sum, value, i) => sum + Math.abs(value - b[i]!), 0) / a.length;
}
