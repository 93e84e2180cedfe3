// The fake server's counters: requests by path and status, requests in flight and the most at once.
// Faults injected are counted by the fault controller and joined in here for the snapshot.
import type { FakeServerStats } from './types.js';

export function createStats(injected: Record<string, number>) {
  let requests = 0;
  let byPath: Record<string, number> = {};
  let byStatus: Record<string, number> = {};
  let inFlight = 0;
  let maxInFlight = 0;

  return {
    started() {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
    },
    finished() {
      inFlight--;
    },
    received(path: string) {
      requests++;
      byPath[path] = (byPath[path] ?? 0) + 1;
    },
    answered(status: number) {
      byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
    },
    snapshot: (): FakeServerStats => ({
      requests,
      byPath: { ...byPath },
      byStatus: { ...byStatus },
      faults: { ...injected },
      faultsInjected: Object.values(injected).reduce((a, b) => a + b, 0),
      inFlight,
      maxInFlight,
    }),
    /** Counters back to zero; the requests still in flight stay counted. */
    reset() {
      requests = 0;
      byPath = {};
      byStatus = {};
      for (const key of Object.keys(injected)) delete injected[key];
      maxInFlight = inFlight;
    },
  };
}
