/** Linear between the baseline (0 points) and the target (full points), clamped; two decimals. */
export function metricToPoints(metric: number, policy: { baseline: number; target: number; max: number }): number {
  const fraction = (metric - policy.baseline) / (policy.target - policy.baseline);
  const clamped = Math.min(1, Math.max(0, fraction));
  return Math.round(clamped * policy.max * 100) / 100;
}
