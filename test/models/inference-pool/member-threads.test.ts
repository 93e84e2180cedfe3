// The share of the cores each member's onnxruntime sessions get.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { createInferencePool } from '../../../server/models/inference-pool/inference-pool.js';
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

describe('createInferencePool threads per member', () => {
  const settings = { modelsDir: '/nonexistent', offline: true, root: os.tmpdir() };

  it('hands members the cores shared out by default, and an explicit count when given', async () => {
    const shared = createInferencePool({ size: 2, settings });
    const one = createInferencePool({ size: 1, settings, threadsPerMember: 1 });
    try {
      expect(shared.threadsPerMember).toBe(memberThreads(2, os.availableParallelism()));
      expect(one.threadsPerMember).toBe(1);
    } finally {
      await Promise.all([shared.close(), one.close()]);
    }
  });
});
