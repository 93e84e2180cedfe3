// Item statistics against values worked out by hand (and checked with numpy) on a fixture of five
// counted programs and five cases, flags included.
import { describe, expect, it } from 'vitest';
import { distribution, itemStats, pointBiserial, quantile, type ProgramCases } from '../../server/analysis/item-stats.js';

type Outcome = { right: boolean; predicted?: string | null };
const program = (model: string, points: number, metric: number, cases: Record<string, Outcome>): ProgramCases => ({
  model,
  points,
  metric,
  cases: new Map(Object.entries(cases)),
});
const R = (predicted: string): Outcome => ({ right: true, predicted });
const W = (predicted: string | null): Outcome => ({ right: false, predicted });

// Expected labels: t1 pos, t2 neg, t3 neg, t4 pos, d1 pos (dev). P4's report is older: no dev cases.
const programs = [
  program('A', 10, 0.9, { t1: R('pos'), t2: R('neg'), t3: W('pos'), t4: W('neg'), d1: R('pos') }),
  program('A', 5, 0.7, { t1: R('pos'), t2: R('neg'), t3: W('pos'), t4: W(null), d1: R('pos') }),
  program('B', 0, 0.5, { t1: R('pos'), t2: W('pos'), t3: W('pos'), t4: R('pos'), d1: R('pos') }),
  program('B', 0, 0.3, { t1: W('neg'), t2: W('pos'), t3: W(null), t4: R('pos') }),
  program('A', 2.5, 0.6, { t1: W('neg'), t2: R('neg'), t3: W('pos'), t4: W(null), d1: W('neg') }),
];
const cases = [
  { caseId: 't1', split: 'test' as const, expected: 'pos', line: 'fix/test.jsonl:1' },
  { caseId: 't2', split: 'test' as const, expected: 'neg', line: 'fix/test.jsonl:2' },
  { caseId: 't3', split: 'test' as const, expected: 'neg', line: 'fix/test.jsonl:3' },
  { caseId: 't4', split: 'test' as const, expected: 'pos', line: 'fix/test.jsonl:4' },
  { caseId: 'd1', split: 'dev' as const, expected: 'pos', line: 'fix/dev.jsonl:1' },
];
const reference = {
  gradedAt: '2026-12-01T00:00:00.000Z',
  taskVersion: '1',
  metric: 0.8,
  right: new Map([
    ['t1', true],
    ['t2', true],
    ['t3', false],
    ['t4', true],
  ]),
};
const analysis = itemStats({ taskId: 'fix', taskVersion: '1', maxPoints: 10, models: ['A', 'B', 'C'], labels: ['pos', 'neg'], cases, programs, reference });
const item = (id: string) => analysis.cases.find((c) => c.caseId === id)!;

describe('quantiles and histograms', () => {
  it('interpolates between closest ranks (type 7): 1..4 gives 1.75, 2.5, 3.25', () => {
    expect([0.25, 0.5, 0.75].map((p) => quantile([1, 2, 3, 4], p))).toEqual([1.75, 2.5, 3.25]);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('points: median 2.5, quartiles 0 and 5; a value on a boundary goes in the bin above, the maximum in the last bin', () => {
    expect(analysis.points).toMatchObject({ count: 5, min: 0, max: 10, q1: 0, median: 2.5, q3: 5 });
    expect(analysis.points.bins.map((bin) => bin.count)).toEqual([2, 0, 1, 0, 0, 1, 0, 0, 0, 1]);
    expect(analysis.points.bins[9]).toEqual({ from: 9, to: 10, count: 1 });
  });

  it('metric: 0.3 / 0.5 / 0.6 / 0.7 / 0.9 land in bins 3, 5, 6, 7, 9 (no floating-point slip to the bin below)', () => {
    expect(analysis.metric).toMatchObject({ q1: 0.5, median: 0.6, q3: 0.7 });
    expect(analysis.metric.bins.map((bin) => bin.count)).toEqual([0, 0, 0, 1, 0, 1, 1, 1, 0, 1]);
    expect(distribution([], 1).median).toBeNull();
  });
});

describe('difficulty and discrimination', () => {
  it('point-biserial: scores 0.9 0.7 0.5 0.3 0.6 (sd 0.2); right by the first three: (0.7 - 0.45) / 0.2 * sqrt(0.6 * 0.4) = 0.6124', () => {
    expect(pointBiserial([true, true, true, false, false], [0.9, 0.7, 0.5, 0.3, 0.6])).toBeCloseTo(0.612372, 6);
    expect(pointBiserial([true, true], [0.5, 0.9])).toBeNull(); // everyone right
    expect(pointBiserial([true, false], [0.5, 0.5])).toBeNull(); // no spread
  });

  it('per case: share right and correlation with the metric, over the programs whose report holds the case', () => {
    expect(item('t1')).toMatchObject({ answered: 5, right: 3, difficulty: 0.6, discrimination: 0.6124 });
    expect(item('t2')).toMatchObject({ answered: 5, right: 3, difficulty: 0.6, discrimination: 0.8165 });
    expect(item('t3')).toMatchObject({ answered: 5, right: 0, difficulty: 0, discrimination: null });
    expect(item('t4')).toMatchObject({ answered: 5, right: 2, difficulty: 0.4, discrimination: -0.8165 });
    // d1 is a dev case the older report of P4 lacks: 4 programs, scores 0.9 0.7 0.5 0.6, right but the last.
    expect(item('d1')).toMatchObject({ split: 'dev', answered: 4, right: 3, difficulty: 0.75, discrimination: 0.2928, line: 'fix/dev.jsonl:1' });
  });
});

describe('flags', () => {
  it('nobody right, the reference wrong and a dominating wrong label (4 of 5 answer pos for a neg case), with the data line', () => {
    expect(item('t3').line).toBe('fix/test.jsonl:3');
    expect(item('t3').referenceRight).toBe(false);
    expect(item('t3').flags).toEqual([
      { kind: 'nobody-right', answered: 5 },
      { kind: 'reference-wrong' },
      { kind: 'dominant-confusion', expected: 'neg', predicted: 'pos', count: 4, answered: 5 },
    ]);
  });

  it('negative discrimination: right only by the two lowest scorers', () => {
    expect(item('t4').flags).toEqual([{ kind: 'negative-discrimination', discrimination: -0.8165 }]);
  });

  it('no flag where wrong answers are spread (2 of 5 is not half) or the reference is unknown', () => {
    expect(item('t1').flags).toEqual([]);
    expect(item('t2').flags).toEqual([]);
    expect(item('d1')).toMatchObject({ referenceRight: null, flags: [] });
  });

  it('without labels (not a classification task) there is no confusion flag', () => {
    const plain = itemStats({ taskId: 'fix', taskVersion: '1', maxPoints: 10, models: [], cases, programs, reference: null });
    expect(plain.cases.find((c) => c.caseId === 't3')!.flags).toEqual([{ kind: 'nobody-right', answered: 5 }]);
    expect(plain.reference).toBeNull();
  });
});

describe('per model', () => {
  it('mean metric and median points per allowed model; an allowed model nobody used is listed empty', () => {
    expect(analysis.models).toEqual([
      { model: 'A', allowed: true, programs: 3, meanMetric: 0.7333, medianPoints: 5 },
      { model: 'B', allowed: true, programs: 2, meanMetric: 0.4, medianPoints: 0 },
      { model: 'C', allowed: true, programs: 0, meanMetric: null, medianPoints: null },
    ]);
    expect(analysis.reference).toEqual({ gradedAt: reference.gradedAt, taskVersion: '1', metric: 0.8 });
  });
});
