/**
 * Memoises an async load: concurrent first callers share one promise, so a model is loaded once.
 * A failed load is forgotten, so the next call tries again (e.g. after the model folder is copied
 * in) instead of replaying the old error forever.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}
