// A CallMeter (the grading engine's accounting hook) bound to one person, budget scope, model and
// source: every model call of a run is reserved, settled and logged through the ledger.
import type { Usage } from '../core/model.js';
import type { CallMeter } from '../grading/model-caller.js';
import type { ModelPricing } from './model-pricing.js';
import type { CallRecord } from './usage-ledger.js';
import type { UsageLedgerPort } from './usage-ports.js';

export function costUsd(pricing: ModelPricing | undefined, usage: Usage): number {
  if (!pricing) return 0;
  return (usage.promptTokens * pricing.inputPerMillion + usage.completionTokens * pricing.outputPerMillion) / 1_000_000;
}

export function createMeter(ledger: UsageLedgerPort, call: CallRecord, pricing: ModelPricing | undefined): CallMeter {
  return {
    async reserve(estimateTokens) {
      const reservation = await ledger.reserve(call, estimateTokens);
      return {
        settle: (cost, latencyMs) => ledger.settle(reservation, { ...cost, latencyMs, costUsd: cost.reached ? costUsd(pricing, cost.usage) : 0 }),
      };
    },
    cacheHit: (usage) => ledger.recordCacheHit(call, usage),
  };
}
