import { describe, expect, it } from 'vitest';
import { logProbability, sampleToken } from '../../../server/models/transformers/sample-token.js';

// Logits whose softmax at temperature 1 is exactly [0.1, 0.2, 0.3, 0.4].
const logits = [0.1, 0.2, 0.3, 0.4].map(Math.log);
const draw = (value: number) => () => value;

describe('sampleToken', () => {
  it('is greedy at temperature 0, whatever the draw', () => {
    expect(sampleToken(logits, { temperature: 0, topP: 1, random: draw(0) })).toBe(3);
    expect(sampleToken([5, 9, 9, 1], { temperature: 0, topP: 0.1, random: draw(0.99) })).toBe(1);
  });

  it('samples in id order from the softmax at top_p 1', () => {
    const pick = (r: number) => sampleToken(logits, { temperature: 1, topP: 1, random: draw(r) });
    expect([0.05, 0.15, 0.35, 0.65, 0.95].map(pick)).toEqual([0, 1, 2, 3, 3]);
  });

  it('keeps the smallest most-likely set reaching top_p, renormalised', () => {
    // top_p 0.7 keeps 0.4 + 0.3; draws in [0, 4/7) pick id 3, the rest id 2.
    const pick = (r: number) => sampleToken(logits, { temperature: 1, topP: 0.7, random: draw(r) });
    expect([0, 0.5, 0.58, 0.99].map(pick)).toEqual([3, 3, 2, 2]);
    expect(sampleToken(logits, { temperature: 1, topP: 0.01, random: draw(0.99) })).toBe(3);
  });

  it('flattens the distribution at high temperature and sharpens it at low', () => {
    // At temperature 1e6 all four are ~0.25: a draw of 0.3 picks id 1.
    expect(sampleToken(logits, { temperature: 1e6, topP: 1, random: draw(0.3) })).toBe(1);
    // At temperature 0.01 id 3 has ~all the mass.
    expect(sampleToken(logits, { temperature: 0.01, topP: 1, random: draw(0.001) })).toBe(3);
  });
});

describe('logProbability', () => {
  it('is log softmax', () => {
    expect(logProbability(logits, 2)).toBeCloseTo(Math.log(0.3), 12);
    expect(logProbability([1000, 0], 1)).toBeCloseTo(-1000, 9);
  });
});
