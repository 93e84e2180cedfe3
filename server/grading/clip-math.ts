// CLIP zero-shot arithmetic, as in the CLIP paper's notebook: a class embedding is the mean of its
// L2-normalised template embeddings, re-normalised; logits are scale x cosine; softmax over classes.

export function l2normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  const out = new Float32Array(vector.length);
  if (norm === 0) return out;
  for (let i = 0; i < vector.length; i++) out[i] = vector[i]! / norm;
  return out;
}

export function meanEmbedding(vectors: Float32Array[]): Float32Array {
  const first = vectors[0];
  if (!first) throw new Error('meanEmbedding needs at least one vector');
  const sum = new Float32Array(first.length);
  for (const vector of vectors) {
    const unit = l2normalize(vector);
    for (let i = 0; i < sum.length; i++) sum[i]! += unit[i]!;
  }
  return l2normalize(sum);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i]! * b[i]!;
  return total;
}

export function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((logit) => Math.exp(logit - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / total);
}

/** Ranks candidates by cosine to the query (both L2-normalised), best first. */
export function rankBySimilarity(query: Float32Array, candidates: { id: string; embedding: Float32Array }[]): { id: string; similarity: number }[] {
  return candidates
    .map((candidate) => ({ id: candidate.id, similarity: dot(l2normalize(query), l2normalize(candidate.embedding)) }))
    .sort((a, b) => b.similarity - a.similarity);
}
