// A gateway client in a budget race: it retries what the per-student in-flight cap refuses
// (429 rate_limit_exceeded, as an SDK would after its back-off), so each request ends decided by
// the budget: answered (200, with its tokens) or refused (429 insufficient_quota).
export type Decided = { status: number; code: string | null; tokens: number };

export async function decidedByBudget(send: () => Promise<Response>, backoffMs: number): Promise<Decided> {
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
