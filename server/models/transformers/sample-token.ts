// Picks the next token from one row of logits: greedy at temperature 0, otherwise nucleus (top-p)
// sampling from softmax(logits / temperature), the way OpenAI-style APIs define the two knobs.

export type SamplingOptions = { temperature: number; topP: number; random: () => number };

export function sampleToken(logits: ArrayLike<number>, options: SamplingOptions): number {
  if (options.temperature <= 0) return argmax(logits);
  const probabilities = softmax(logits, options.temperature);
  let candidates = probabilities.map((_, id) => id);
  if (options.topP < 1) {
    // Smallest set of most likely tokens whose probability reaches top_p (always at least one).
    candidates.sort((a, b) => probabilities[b]! - probabilities[a]!);
    let cumulative = 0;
    let keep = 0;
    while (keep < candidates.length && (keep === 0 || cumulative < options.topP)) cumulative += probabilities[candidates[keep++]!]!;
    candidates = candidates.slice(0, keep);
  }
  const total = candidates.reduce((sum, id) => sum + probabilities[id]!, 0);
  let threshold = options.random() * total;
  for (const id of candidates) {
    threshold -= probabilities[id]!;
    if (threshold < 0) return id;
  }
  return candidates[candidates.length - 1]!;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function softmax(logits: ArrayLike<number>, temperature: number): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const exps = Array.from({ length: logits.length }, (_, i) => Math.exp((logits[i]! - max) / temperature));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** log softmax(logits)[id], computed in float64 for stable sums of many small log-probabilities. */
export function logProbability(logits: ArrayLike<number>, id: number): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  return logits[id]! - max - Math.log(sum);
}
