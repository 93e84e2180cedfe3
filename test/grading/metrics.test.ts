import { describe, expect, it } from 'vitest';
import { confusionMatrix, macroF1, mean, meanPerClassRecall } from '../../server/grading/metrics.js';

describe('mean', () => {
  it('averages and is 0 for no values', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([0.5])).toBe(0.5);
    expect(mean([])).toBe(0);
  });
});

describe('confusionMatrix', () => {
  it('counts rows by expected and columns by predicted, with a last column for unmatched predictions', () => {
    const confusion = confusionMatrix(
      ['cat', 'dog'],
      [
        { expected: 'cat', predicted: 'cat' },
        { expected: 'cat', predicted: 'dog' },
        { expected: 'dog', predicted: 'dog' },
        { expected: 'dog', predicted: null },
        { expected: 'dog', predicted: 'bird' },
        { expected: 'dog', predicted: 'Dog' },
        // No row for "fish": ignored.
        { expected: 'fish', predicted: 'cat' },
      ],
    );
    expect(confusion).toEqual({
      labels: ['cat', 'dog'],
      matrix: [
        [1, 1, 0],
        [0, 1, 3],
      ],
    });
  });

  it('has zero rows for labels that never occur and handles Chinese labels', () => {
    expect(confusionMatrix(['正面', '负面'], [{ expected: '正面', predicted: '负面' }]).matrix).toEqual([
      [0, 1, 0],
      [0, 0, 0],
    ]);
  });

  it("does not share the caller's labels array", () => {
    const labels = ['a', 'b'];
    const confusion = confusionMatrix(labels, []);
    labels.push('c');
    expect(confusion.labels).toEqual(['a', 'b']);
  });
});

// Worked by hand. Rows are expected, columns predicted (a, b, c, no label):
//   a: 2 1 0 | 1   support 4
//   b: 0 3 0 | 0   support 3
//   c: 1 0 0 | 0   support 1
// a: TP 2, FP 1 (the c row), FN 2 (one predicted b, one no label) -> F1 = 2·2/(4+1+2) = 4/7
// b: TP 3, FP 1 (the a row), FN 0                                  -> F1 = 6/(6+1+0) = 6/7
// c: TP 0                                                          -> F1 = 0
// macro-F1 = (4/7 + 6/7 + 0)/3 = 10/21; recall a 2/4, b 3/3, c 0/1 -> mean 1/2.
const worked = {
  labels: ['a', 'b', 'c'],
  matrix: [
    [2, 1, 0, 1],
    [0, 3, 0, 0],
    [1, 0, 0, 0],
  ],
};

describe('macroF1', () => {
  it('matches the hand-worked example', () => {
    expect(macroF1(worked)).toBeCloseTo(10 / 21, 12);
  });

  it('gives 1 for a perfect classifier and 0 when every prediction is unmatched', () => {
    expect(
      macroF1({
        labels: ['a', 'b'],
        matrix: [
          [2, 0, 0],
          [0, 3, 0],
        ],
      }),
    ).toBe(1);
    expect(
      macroF1({
        labels: ['a', 'b'],
        matrix: [
          [0, 0, 2],
          [0, 0, 3],
        ],
      }),
    ).toBe(0);
  });

  it('counts a label with no support and no predictions as 0, like scikit-learn zero_division=0', () => {
    // a and b are perfect, c never occurs and is never predicted: (1 + 1 + 0)/3.
    const confusion = {
      labels: ['a', 'b', 'c'],
      matrix: [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 0, 0],
      ],
    };
    expect(macroF1(confusion)).toBeCloseTo(2 / 3, 12);
  });

  it('penalises predicting a label that never occurs', () => {
    // a: TP 1, FN 1 -> F1 2/3; b: TP 0, FP 1 -> 0. Mean 1/3.
    expect(
      macroF1({
        labels: ['a', 'b'],
        matrix: [
          [1, 1, 0],
          [0, 0, 0],
        ],
      }),
    ).toBeCloseTo(1 / 3, 12);
  });

  it('is 0 without labels', () => {
    expect(macroF1({ labels: [], matrix: [] })).toBe(0);
  });
});

describe('meanPerClassRecall', () => {
  it('matches the hand-worked example', () => {
    expect(meanPerClassRecall(worked)).toBeCloseTo(0.5, 12);
  });

  it('skips labels without support instead of counting them as 0', () => {
    const confusion = {
      labels: ['a', 'b', 'c'],
      matrix: [
        [1, 0, 0, 0],
        [0, 1, 0, 1],
        [0, 0, 0, 0],
      ],
    };
    // a 1/1, b 1/2, c skipped: 0.75 (not 0.5, which counting c as 0 would give).
    expect(meanPerClassRecall(confusion)).toBeCloseTo(0.75, 12);
  });

  it('differs from accuracy on imbalanced data', () => {
    // 9 of 10 "a" right, 0 of 1 "b" right: accuracy 9/11, mean per-class recall (0.9 + 0)/2 = 0.45.
    expect(
      meanPerClassRecall({
        labels: ['a', 'b'],
        matrix: [
          [9, 1, 0],
          [1, 0, 0],
        ],
      }),
    ).toBeCloseTo(0.45, 12);
  });

  it('is 0 when no label has support', () => {
    expect(meanPerClassRecall({ labels: ['a'], matrix: [[0, 0]] })).toBe(0);
  });
});

describe('confusionMatrix feeding the metrics', () => {
  it('turns label pairs into the same numbers as the hand-worked matrix', () => {
    const pairs = [
      ...Array.from({ length: 2 }, () => ({ expected: 'a', predicted: 'a' })),
      { expected: 'a', predicted: 'b' },
      { expected: 'a', predicted: 'maybe' },
      ...Array.from({ length: 3 }, () => ({ expected: 'b', predicted: 'b' })),
      { expected: 'c', predicted: 'a' },
    ];
    const confusion = confusionMatrix(['a', 'b', 'c'], pairs);
    expect(confusion).toEqual(worked);
    expect(macroF1(confusion)).toBeCloseTo(10 / 21, 12);
  });
});
