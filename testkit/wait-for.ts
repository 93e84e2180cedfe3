// Waiting for a condition instead of sleeping a fixed time: a test goes on as soon as what it waits
// for has happened, and the bound is generous because a busy CI machine is slow, not wrong. The
// condition may read a store (async).
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
