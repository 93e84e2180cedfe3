// MinHash signatures (Broder 1997): the share of equal positions in two signatures estimates the
// Jaccard similarity of the two shingle sets. Written here because no MinHash library is among the
// project's dependencies and the method is twenty lines: each of `size` hash functions is MurmurHash3's
// 32-bit finaliser over the shingle's FNV-1a hash mixed with a fixed seed, so signatures are the same
// on every run and every machine (results must not depend on where they were computed).
const SEED_STEP = 0x9e3779b9; // the golden-ratio increment: well-spread seeds

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export const SIGNATURE_SIZE = 128;

/** The signature of a set: per hash function, the least hash over the set (all 0xffffffff for an empty set). */
export function minhashSignature(shingles: Iterable<string>, size = SIGNATURE_SIZE): Uint32Array {
  const signature = new Uint32Array(size).fill(0xffffffff);
  for (const shingle of shingles) {
    const base = fnv1a(shingle);
    for (let index = 0; index < size; index++) {
      const hash = fmix32(base ^ Math.imul(index + 1, SEED_STEP));
      if (hash < signature[index]!) signature[index] = hash;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity: the share of positions where the two signatures agree. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let index = 0; index < a.length; index++) if (a[index] === b[index]) equal++;
  return equal / a.length;
}
