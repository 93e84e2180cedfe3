// The grading path's side writes (the response cache, the autograder's usage log) must not turn a
// storage fault into a wrong answer: a model call that succeeded is still a right answer when its
// cache entry or log line could not be stored. Storage faults there are counted and skipped (one
// log line per grading attempt); whether the grade itself can be written is decided by the queue.
import type { CallMeter, MeterTicket } from '../grading/model-caller.js';
import type { ResponseCache } from '../grading/response-cache.js';
import { describeStorageFault, isStorageFault } from './grading-failure.js';

export type StorageFaultTally = { count: number; first: string | null };

export function newFaultTally(): StorageFaultTally {
  return { count: 0, first: null };
}

async function skipped<T>(tally: StorageFaultTally, write: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isStorageFault(error)) throw error;
    tally.count++;
    tally.first ??= describeStorageFault(error);
    return fallback;
  }
}

export function tolerantCache(cache: ResponseCache, tally: StorageFaultTally): ResponseCache {
  return {
    get: (key) => skipped(tally, () => cache.get(key), undefined),
    set: (key, value) => skipped(tally, () => cache.set(key, value), undefined),
  };
}

const noTicket: MeterTicket = { settle: async () => {} };

export function tolerantMeter(meter: CallMeter, tally: StorageFaultTally): CallMeter {
  return {
    async reserve(estimateTokens) {
      const ticket = await skipped(tally, () => meter.reserve(estimateTokens), noTicket);
      return { settle: (usage, latencyMs) => skipped(tally, () => ticket.settle(usage, latencyMs), undefined) };
    },
    cacheHit: (usage) => skipped(tally, () => meter.cacheHit(usage), undefined),
  };
}
