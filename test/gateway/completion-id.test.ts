// Completion ids come from a pool of random bytes refilled in blocks: every id must still have
// OpenAI's shape and 96 fresh random bits, across refills.
import { describe, expect, it } from 'vitest';
import { completionId } from '../../server/gateway/openai-wire.js';

describe('completionId', () => {
  it('gives distinct ids of the expected shape across many pool refills', () => {
    const ids = Array.from({ length: 3_000 }, (_, i) => completionId(i % 2 ? 'chatcmpl' : 'cmpl'));
    for (const [i, id] of ids.entries()) expect(id).toMatch(i % 2 ? /^chatcmpl-[A-Za-z0-9_-]{16}$/ : /^cmpl-[A-Za-z0-9_-]{16}$/);
    const randomParts = ids.map((id) => id.slice(id.indexOf('-') + 1));
    expect(new Set(randomParts).size).toBe(ids.length);
  });
});
