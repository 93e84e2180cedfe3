// Bounded concurrency with results in input order, whatever order the work finishes in.

/**
 * Lets timers and other requests in between two items. Without it, work that completes without
 * I/O (answers from the response cache, then extraction and scoring) would run a whole split in
 * one turn of the event loop: a cached re-grade of a large split stalled every other request.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]!, index);
      await nextTurn();
    }
  });
  await Promise.all(lanes);
  return results;
}
