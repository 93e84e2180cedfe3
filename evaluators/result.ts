// Small constructors for Score values, so every evaluator reports an unscorable case the same way.
import type { Score } from '../server/core/evaluator.js';

/** A case that cannot be scored (missing expected, missing ranking): shown to staff, never counted as 0. */
export function unscorable(name: string, problem: string): Score {
  return { name, score: null, details: { problem } };
}
