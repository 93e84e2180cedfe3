// Bounded concurrency with results in input order, whatever order the work finishes in.

/**
 * Work between two turns of the event loop, at most (then one more item). Without a turn, items
 * that complete without I/O (answers from the response cache, then extraction and scoring) would
 * run a whole split in one go: a cached re-grade of a large split stalled every other request.
 */
const SLICE_MS = 5;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runPool<T, R>(items: readonly T[], concurrency: number, worker: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let sliceStarted = performance.now();
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]!, index);
      if (performance.now() - sliceStarted >= SLICE_MS) {
        await nextTurn();
        sliceStarted = performance.now();
      }
    }
  });
  await Promise.all(lanes);
  return results;
}
