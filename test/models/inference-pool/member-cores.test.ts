// Each pool member's share of the cores: members never share a core while there are enough, one
// member keeps them all, and the cores left over by the division go to the last member.
import { describe, expect, it } from 'vitest';
import { memberCores } from '../../../server/models/inference-pool/member-cores.js';

describe('memberCores', () => {
  it('leaves a single member (or a single core) unrestricted', () => {
    expect(memberCores(0, 1, 8)).toBeNull();
    expect(memberCores(1, 4, 1)).toBeNull();
  });

  it('gives each member its own cores, the remainder to the last', () => {
    expect([0, 1].map((slot) => memberCores(slot, 2, 2))).toEqual([[0], [1]]);
    expect([0, 1, 2].map((slot) => memberCores(slot, 3, 8))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5, 6, 7],
    ]);
  });

  it('wraps around when there are more members than cores', () => {
    expect([0, 1, 2, 3, 4].map((slot) => memberCores(slot, 5, 2))).toEqual([[0], [1], [0], [1], [0]]);
  });
});
