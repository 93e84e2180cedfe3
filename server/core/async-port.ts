// The shape every storage port shares: the synchronous store's API with each method returning a
// promise. Stores on PostgreSQL answer over the network, so their ports are async; the embedded
// SQLite stores stay synchronous underneath and are wrapped. Deriving the port from the sync API
// keeps the two from drifting apart: a consumer switches from one to the other by adding `await`.

/** Every method of T, returning a promise of what it returned (plain values are kept as they are). */
export type AsyncPort<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

/** A function store (one operation, such as a token-status lookup) made async. */
export type AsyncFn<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

/** Wraps a synchronous store so that it satisfies its async port (errors become rejections). */
export function toAsyncPort<T extends object>(store: T): AsyncPort<T> {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(store)) {
    wrapped[key] = typeof value === 'function' ? (...args: unknown[]) => new Promise((resolve) => resolve(value(...args))) : value;
  }
  return wrapped as AsyncPort<T>;
}

/** Wraps one synchronous function the same way. */
export function toAsyncFn<F extends (...args: never[]) => unknown>(fn: F): AsyncFn<F> {
  return ((...args: Parameters<F>) => new Promise((resolve) => resolve(fn(...args)))) as AsyncFn<F>;
}
