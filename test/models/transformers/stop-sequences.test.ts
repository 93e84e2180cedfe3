import { describe, expect, it } from 'vitest';
import { findStop, settledLength } from '../../../server/models/transformers/stop-sequences.js';

describe('findStop', () => {
  it('finds the earliest stop sequence and ignores empty ones', () => {
    expect(findStop('hello world', ['world', 'o'])).toBe(4);
    expect(findStop('hello', ['', 'x'])).toBe(-1);
    expect(findStop('a\n\nb', ['\n\n'])).toBe(1);
  });
});

describe('settledLength', () => {
  it('holds back a tail that may still become a stop sequence', () => {
    expect(settledLength('answer: ye', ['yes!'])).toBe(8);
    expect(settledLength('answer: y', ['yes!', 'no'])).toBe(8);
    expect(settledLength('answer: n', ['yes!', 'no'])).toBe(8);
    expect(settledLength('answer', ['yes!'])).toBe(6);
  });

  it('holds back an incomplete multi-byte character', () => {
    expect(settledLength('caf\uFFFD', [])).toBe(3);
  });
});
