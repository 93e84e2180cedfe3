// Policy thresholds are printed with the precision they were written with.
import { describe, expect, it } from 'vitest';
import { percentDigits } from '../../server/shared/percent-digits.js';

describe('percentDigits', () => {
  it('keeps the decimals a threshold has, and no more', () => {
    expect(percentDigits(0.5)).toBe(0);
    expect(percentDigits(0.125)).toBe(1);
    expect(percentDigits(0.145)).toBe(1);
    expect(percentDigits(0.8125)).toBe(2);
    expect(percentDigits(1)).toBe(0);
    expect(percentDigits(1 / 3)).toBe(3);
  });
});
