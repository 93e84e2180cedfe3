// The usage ledger on PostgreSQL (usage-ledger.ts on SQLite has the rules). The reservation is one
// conditional UPDATE: PostgreSQL locks the counter row and re-checks the WHERE clause against the
// committed totals of a concurrent reservation, so N instances reserving at once never pass the check
// on the same remaining budget. Each reservation is also a row naming its process, in the same
// transaction, so a start releases only the reservations of processes that are gone.
import { newId } from '../../accounts/secrets.js';
import type { Clock } from '../../clock.js';
import { budgetExceeded, type LedgerSettings } from '../../usage/usage-ledger.js';
import type { UsageLedgerPort } from '../../usage/usage-ports.js';
import type { Db } from './pg-db.js';

type CounterRow = { tokens_used: number; tokens_reserved: number; requests_used: number; requests_reserved: number; cost_usd: number };

export function createPgUsageLedger(db: Db, clock: Clock, settings: LedgerSettings, options: { owner: string }): UsageLedgerPort {
  const ensured = new Set<string>();
  const iso = () => new Date(clock.now()).toISOString();
  const logCall = (tx: Db, values: unknown[]) =>
    tx.query(
      `INSERT INTO model_calls (user_id, scope, source, model, ok, charged, prompt_tokens, completion_tokens, cost_usd, latency_ms, cache_hit, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      values,
    );

  async function usage(userId: string, scope: string) {
    const row = (await db.query<CounterRow>('SELECT * FROM usage_counters WHERE user_id = $1 AND scope = $2', [userId, scope])).rows[0];
    return {
      tokensUsed: (row?.tokens_used ?? 0) + (row?.tokens_reserved ?? 0),
      tokenBudget: settings.tokenBudget,
      requestsUsed: (row?.requests_used ?? 0) + (row?.requests_reserved ?? 0),
      requestBudget: settings.requestBudget,
      costUsd: row?.cost_usd ?? 0,
    };
  }

  return {
    async reserve(call, estimateTokens) {
      const tokens = Math.max(0, Math.ceil(estimateTokens));
      if (call.mode === 'log') return { ...call, tokens: 0, id: null };
      const key = `${call.userId}\u0000${call.scope}`;
      if (!ensured.has(key)) {
        await db.query('INSERT INTO usage_counters (user_id, scope) VALUES ($1, $2) ON CONFLICT DO NOTHING', [call.userId, call.scope]);
        ensured.add(key);
      }
      const base =
        'UPDATE usage_counters SET tokens_reserved = tokens_reserved + $3, requests_reserved = requests_reserved + 1 WHERE user_id = $1 AND scope = $2';
      const id = newId('rsv');
      const reserved = await db.transaction(async (tx) => {
        if (call.mode === 'count') {
          await tx.query(base, [call.userId, call.scope, tokens]);
        } else {
          const result = await tx.query(`${base} AND tokens_used + tokens_reserved + $3 <= $4 AND requests_used + requests_reserved + 1 <= $5`, [
            call.userId,
            call.scope,
            tokens,
            settings.tokenBudget,
            settings.requestBudget,
          ]);
          if (result.rowCount === 0) return false;
        }
        await tx.query('INSERT INTO usage_reservations (id, owner, user_id, scope, tokens) VALUES ($1, $2, $3, $4, $5)', [
          id,
          options.owner,
          call.userId,
          call.scope,
          tokens,
        ]);
        return true;
      });
      if (!reserved) throw budgetExceeded(await usage(call.userId, call.scope), tokens, call.scope);
      return { ...call, tokens, id };
    },
    settle: (reservation, outcome) =>
      db.transaction(async (tx) => {
        const spent = outcome.reached ? outcome.usage : { promptTokens: 0, completionTokens: 0 };
        const charged = reservation.mode !== 'log' && outcome.reached;
        if (reservation.mode !== 'log') {
          // Still held unless a starting process released it as abandoned: then only the use is charged.
          const held = reservation.id !== null && (await tx.query('DELETE FROM usage_reservations WHERE id = $1', [reservation.id])).rowCount === 1;
          await tx.query(
            `UPDATE usage_counters SET tokens_reserved = GREATEST(0, tokens_reserved - $3), requests_reserved = GREATEST(0, requests_reserved - $7),
               tokens_used = tokens_used + $4, requests_used = requests_used + $5, cost_usd = cost_usd + $6
             WHERE user_id = $1 AND scope = $2`,
            [
              reservation.userId,
              reservation.scope,
              held ? reservation.tokens : 0,
              spent.promptTokens + spent.completionTokens,
              charged ? 1 : 0,
              outcome.reached ? outcome.costUsd : 0,
              held ? 1 : 0,
            ],
          );
        }
        await logCall(tx, [
          reservation.userId,
          reservation.scope,
          reservation.source,
          reservation.model,
          outcome.ok ? 1 : 0,
          charged ? 1 : 0,
          spent.promptTokens,
          spent.completionTokens,
          outcome.costUsd,
          Math.max(0, Math.round(outcome.latencyMs)),
          0,
          iso(),
        ]);
      }),
    async recordCacheHit(call, spent) {
      await logCall(db, [call.userId, call.scope, call.source, call.model, 1, 0, spent.promptTokens, spent.completionTokens, 0, 0, 1, iso()]);
    },
    usage,
    // One statement: the abandoned rows deleted, and their sums taken off the counters they held.
    releaseAbandonedReservations: async (now) =>
      db.transaction(async (tx) => {
        const { rows } = await tx.query<{ n: number }>(
          `WITH gone AS (
             DELETE FROM usage_reservations WHERE owner NOT IN (SELECT id FROM server_instances WHERE expires_at > $1)
             RETURNING user_id, scope, tokens
           ), totals AS (
             SELECT user_id, scope, SUM(tokens) AS tokens, COUNT(*) AS requests FROM gone GROUP BY user_id, scope
           ), released AS (
             UPDATE usage_counters c SET tokens_reserved = GREATEST(0, c.tokens_reserved - t.tokens), requests_reserved = GREATEST(0, c.requests_reserved - t.requests)
             FROM totals t WHERE c.user_id = t.user_id AND c.scope = t.scope
             RETURNING t.requests
           )
           SELECT COALESCE(SUM(requests), 0) AS n FROM released`,
          [now],
        );
        return rows[0]?.n ?? 0;
      }),
  };
}
