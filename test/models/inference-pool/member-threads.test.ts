// The share of the cores each member's onnxruntime sessions get.
import { describe, expect, it } from 'vitest';
import { memberThreads } from '../../../server/models/inference-pool/member-threads.js';

describe('memberThreads', () => {
  it('gives one member every core', () => {
    expect(memberThreads(1, 8)).toBe(8);
    expect(memberThreads(1, 2)).toBe(2);
  });

  it('shares the cores out between members, rounding down', () => {
    expect(memberThreads(2, 2)).toBe(1);
    expect(memberThreads(2, 8)).toBe(4);
    expect(memberThreads(3, 8)).toBe(2);
  });

  it('never gives a member less than one thread', () => {
    expect(memberThreads(5, 2)).toBe(1);
    expect(memberThreads(0, 1)).toBe(1);
  });
});
