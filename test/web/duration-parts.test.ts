import { describe, expect, it } from 'vitest';
import { durationParts } from '../../web/src/lib/duration-parts.js';

describe('durationParts (queue waits)', () => {
  it('keeps the two largest units', () => {
    expect(durationParts(0)).toEqual({ unit: 's', a: 0, b: 0 });
    expect(durationParts(59_999)).toEqual({ unit: 's', a: 59, b: 0 });
    expect(durationParts(60_000)).toEqual({ unit: 'min-s', a: 1, b: 0 });
    expect(durationParts(3_599_000)).toEqual({ unit: 'min-s', a: 59, b: 59 });
    expect(durationParts(3_600_000 * 26 + 5 * 60_000 + 7_000)).toEqual({ unit: 'h-min', a: 26, b: 5 });
  });
  it('never shows a negative wait (clock skew between processes)', () => {
    expect(durationParts(-5_000)).toEqual({ unit: 's', a: 0, b: 0 });
  });
});
