// The usage ledger: per-student budgets enforced atomically, and a log of every model call.
//
// A call first *reserves* an upper-bound estimate of its tokens with one conditional UPDATE (the
// check and the increment are a single statement, so 50 concurrent requests cannot all pass the
// check on the same remaining budget), then *settles* the actual usage. The budget can therefore
// only be overspent when a provider reports more tokens than the estimate allowed for. Every
// attempt that reached the provider is settled as one request, failed ones included, with the
// tokens it delivered (grading/attempt-cost.ts has the rule).
//
// Several processes share the database, so each reservation is also a row naming the process that
// owns it (`owner`, its server_instances id). A process starting releases only the reservations of
// processes that are gone (their heartbeat expired), never those of one still serving. A settle
// whose reservation was released meanwhile (its process was thought gone) charges what was used and
// releases nothing twice.
import type { AttemptCost } from '../grading/attempt-cost.js';
import { BudgetExceeded } from '../core/errors.js';
import type { Usage } from '../core/model.js';
import type { UsageResponse } from '../core/api.js';
import type { Clock } from '../clock.js';
import type { QuotaSettings } from '../config.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import { rowIds } from './row-ids.js';

/**
 * enforce: counted and checked against the budget (students' own calls).
 * count:   counted, never refused (staff trying things out).
 * log:     only logged (the autograder's calls for a submission are the course's, not the student's).
 */
export type ChargeMode = 'enforce' | 'count' | 'log';

export type CallRecord = { userId: string; scope: string; source: string; model: string; mode: ChargeMode };

/** `id` names the reservation's row (null for a logged call, which reserves nothing). */
export type Reservation = CallRecord & { tokens: number; id: string | null };

/** How a reserved attempt ended: what it cost (`reached` false: nothing), how long it took, its price. */
export type Settlement = AttemptCost & { latencyMs: number; costUsd: number };

export type LedgerSettings = Pick<QuotaSettings, 'tokenBudget' | 'requestBudget'>;

export type UsageLedger = {
  /** Throws BudgetExceeded (with a message that says what is spent) when the call does not fit. */
  reserve(call: CallRecord, estimateTokens: number): Reservation;
  /** Releases the reservation and charges what the attempt cost (one request and its tokens when it reached the provider). */
  settle(reservation: Reservation, outcome: Settlement): void;
  /** A response from the cache: logged, never charged. */
  recordCacheHit(call: CallRecord, usage: Usage): void;
  usage(userId: string, scope: string): UsageResponse;
  /** Releases the reservations of processes not alive at `now` (ms; see instance-registry.ts); returns how many. */
  releaseAbandonedReservations(now: number): number;
};

type CounterRow = { tokens_used: number; tokens_reserved: number; requests_used: number; requests_reserved: number; cost_usd: number };

export function createUsageLedger(db: SqliteDatabase, clock: Clock, settings: LedgerSettings, options: { owner: string }): UsageLedger {
  const ensure = db.prepare('INSERT INTO usage_counters (user_id, scope) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const reserveChecked = db.prepare(`
    UPDATE usage_counters SET tokens_reserved = tokens_reserved + @tokens, requests_reserved = requests_reserved + 1
    WHERE user_id = @userId AND scope = @scope
      AND tokens_used + tokens_reserved + @tokens <= @tokenBudget
      AND requests_used + requests_reserved + 1 <= @requestBudget`);
  const reserveUnchecked = db.prepare(`
    UPDATE usage_counters SET tokens_reserved = tokens_reserved + @tokens, requests_reserved = requests_reserved + 1
    WHERE user_id = @userId AND scope = @scope`);
  const settleCounters = db.prepare(`
    UPDATE usage_counters SET tokens_reserved = MAX(0, tokens_reserved - @reserved), requests_reserved = MAX(0, requests_reserved - @reservedRequests),
      tokens_used = tokens_used + @tokens, requests_used = requests_used + @requests, cost_usd = cost_usd + @cost
    WHERE user_id = @userId AND scope = @scope`);
  const counters = db.prepare<[string, string], CounterRow>('SELECT * FROM usage_counters WHERE user_id = ? AND scope = ?');
  const logCall = db.prepare(`
    INSERT INTO model_calls (user_id, scope, source, model, ok, charged, prompt_tokens, completion_tokens, cost_usd, latency_ms, cache_hit, created_at)
    VALUES (@userId, @scope, @source, @model, @ok, @charged, @promptTokens, @completionTokens, @cost, @latencyMs, @cacheHit, @createdAt)`);
  const addRow = db.prepare('INSERT INTO usage_reservations (id, owner, user_id, scope, tokens) VALUES (?, ?, ?, ?, ?)');
  const dropRow = db.prepare('DELETE FROM usage_reservations WHERE id = ?');
  const abandoned = 'owner NOT IN (SELECT id FROM server_instances WHERE expires_at > @now)';
  const abandonedTotals = db.prepare<{ now: number }, { user_id: string; scope: string; tokens: number; requests: number }>(
    `SELECT user_id, scope, SUM(tokens) AS tokens, COUNT(*) AS requests FROM usage_reservations WHERE ${abandoned} GROUP BY user_id, scope`,
  );
  const releaseSome = db.prepare(`
    UPDATE usage_counters SET tokens_reserved = MAX(0, tokens_reserved - @tokens), requests_reserved = MAX(0, requests_reserved - @requests)
    WHERE user_id = @userId AND scope = @scope`);
  const dropAbandoned = db.prepare(`DELETE FROM usage_reservations WHERE ${abandoned}`);
  const reservationId = rowIds('rsv');
  // Counter rows are never deleted, so each (user, scope) needs its INSERT only once per process.
  const ensured = new Set<string>();

  function usage(userId: string, scope: string): UsageResponse {
    const row = counters.get(userId, scope);
    return {
      tokensUsed: (row?.tokens_used ?? 0) + (row?.tokens_reserved ?? 0),
      tokenBudget: settings.tokenBudget,
      requestsUsed: (row?.requests_used ?? 0) + (row?.requests_reserved ?? 0),
      requestBudget: settings.requestBudget,
      costUsd: row?.cost_usd ?? 0,
    };
  }

  const reserve = db.transaction((call: CallRecord, estimateTokens: number): Reservation => {
    const tokens = Math.max(0, Math.ceil(estimateTokens));
    if (call.mode === 'log') return { ...call, tokens: 0, id: null };
    const params = { userId: call.userId, scope: call.scope, tokens, tokenBudget: settings.tokenBudget, requestBudget: settings.requestBudget };
    if (call.mode === 'count') reserveUnchecked.run(params);
    else if (reserveChecked.run(params).changes === 0) throw budgetExceeded(usage(call.userId, call.scope), tokens, call.scope);
    const id = reservationId();
    addRow.run(id, options.owner, call.userId, call.scope, tokens);
    return { ...call, tokens, id };
  });

  const settle = db.transaction((reservation: Reservation, outcome: Settlement) => {
    // An attempt that never reached the provider (connection refused) costs nothing at all.
    const usage = outcome.reached ? outcome.usage : { promptTokens: 0, completionTokens: 0 };
    const charged = reservation.mode !== 'log' && outcome.reached;
    if (reservation.mode !== 'log') {
      // Still held unless a starting process released it as abandoned: then only the use is charged.
      const held = reservation.id !== null && dropRow.run(reservation.id).changes === 1;
      settleCounters.run({
        userId: reservation.userId,
        scope: reservation.scope,
        reserved: held ? reservation.tokens : 0,
        reservedRequests: held ? 1 : 0,
        tokens: usage.promptTokens + usage.completionTokens,
        requests: charged ? 1 : 0,
        cost: outcome.reached ? outcome.costUsd : 0,
      });
    }
    logCall.run({
      userId: reservation.userId,
      scope: reservation.scope,
      source: reservation.source,
      model: reservation.model,
      ok: outcome.ok ? 1 : 0,
      // charged = counted in the budget: a request (and its tokens) the student pays for.
      charged: charged ? 1 : 0,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      cost: outcome.costUsd,
      latencyMs: Math.max(0, Math.round(outcome.latencyMs)),
      cacheHit: 0,
      createdAt: new Date(clock.now()).toISOString(),
    });
  });

  const releaseAbandoned = db.transaction((now: number): number => {
    let released = 0;
    for (const row of abandonedTotals.all({ now })) {
      releaseSome.run({ userId: row.user_id, scope: row.scope, tokens: row.tokens, requests: row.requests });
      released += row.requests;
    }
    dropAbandoned.run({ now });
    return released;
  });

  return {
    reserve(call, estimateTokens) {
      const key = `${call.userId}\u0000${call.scope}`;
      // Outside the reservation's transaction: a refused reservation rolls back, the row must stay.
      if (call.mode !== 'log' && !ensured.has(key)) {
        ensure.run(call.userId, call.scope);
        ensured.add(key);
      }
      return reserve.immediate(call, estimateTokens);
    },
    settle: (reservation, outcome) => settle.immediate(reservation, outcome),
    recordCacheHit(call, spent) {
      logCall.run({
        userId: call.userId,
        scope: call.scope,
        source: call.source,
        model: call.model,
        ok: 1,
        charged: 0,
        promptTokens: spent.promptTokens,
        completionTokens: spent.completionTokens,
        cost: 0,
        latencyMs: 0,
        cacheHit: 1,
        createdAt: new Date(clock.now()).toISOString(),
      });
    },
    usage,
    releaseAbandonedReservations: (now) => releaseAbandoned.immediate(now),
  };
}

/** The refusal of a reservation, saying what is spent (the PostgreSQL ledger refuses with the same words). */
export function budgetExceeded(current: UsageResponse, estimate: number, scope: string): BudgetExceeded {
  const details = { ...current, scope, estimate };
  if (current.requestsUsed + 1 > current.requestBudget) {
    return BudgetExceeded.requestsUsedUp(scope, current.requestsUsed, current.requestBudget, details);
  }
  const remaining = Math.max(0, current.tokenBudget - current.tokensUsed);
  return remaining === 0
    ? BudgetExceeded.tokensUsedUp(scope, current.tokensUsed, current.tokenBudget, details)
    : BudgetExceeded.tokensNotEnough(scope, estimate, remaining, current.tokenBudget, details);
}
