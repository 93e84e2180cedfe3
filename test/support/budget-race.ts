// The budget race of the multi-process tests (two web processes on one SQLite file, and on
// PostgreSQL): 50 requests of one student at once over both processes, against a nearly spent
// budget. Each client retries what the in-flight cap refuses, so every request ends decided by the
// budget; the race is won when the processes together overspend by at most one request's worth.
import { expect } from 'vitest';

// A client that retries what the in-flight cap refuses (429 rate_limit_exceeded, as an SDK would
// after its back-off): each request ends answered (200, with its tokens) or refused (429
// insufficient_quota).
export type Decided = { status: number; code: string | null; tokens: number };

async function decidedByBudget(send: () => Promise<Response>, backoffMs: number): Promise<Decided> {
  for (;;) {
    const response = await send();
    const body = (await response.json()) as { usage?: { total_tokens: number }; error?: { code?: string } };
    if (response.status === 429 && body.error?.code === 'rate_limit_exceeded') {
      await new Promise((resolve) => setTimeout(resolve, backoffMs));
      continue;
    }
    return { status: response.status, code: body.error?.code ?? null, tokens: body.usage?.total_tokens ?? 0 };
  }
}

/** Sends the 50 requests (`send(n)`, n from 1) and checks each was decided by the budget; returns the answered ones. */
export async function raceTheBudget(send: (n: number) => Promise<Response>): Promise<Decided[]> {
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => decidedByBudget(() => send(i + 1), 5 + ((i + 1) % 7))));
  const ok = results.filter((r) => r.status === 200);
  const refused = results.filter((r) => r.status === 429);
  expect(results.filter((r) => r.status !== 200 && r.status !== 429)).toEqual([]);
  expect(ok.length).toBeGreaterThan(2);
  expect(refused.length).toBeGreaterThan(10);
  expect(refused.every((r) => r.code === 'insufficient_quota')).toBe(true);
  return ok;
}

/** The tokens the race spent stay within what was left plus one request (the largest answered, and its margin). */
export function expectWithinOneRequest(spentTokens: number, remaining: number, answered: Decided[]): void {
  const oneRequest = Math.max(...answered.map((r) => r.tokens)) + 20;
  expect(spentTokens).toBeLessThanOrEqual(remaining + oneRequest);
}
