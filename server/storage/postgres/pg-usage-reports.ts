// Staff usage reports on PostgreSQL: the SQLite queries of usage-reports.ts, with the camelCase
// names quoted (PostgreSQL folds unquoted names to lower case).
import type { UsageReportsPort } from '../../usage/usage-ports.js';
import type { ModelUsage, StudentUsage } from '../../usage/usage-reports.js';
import type { Db } from './pg-db.js';

export function createPgUsageReports(db: Db): UsageReportsPort {
  return {
    byStudent: async () =>
      (
        await db.query<StudentUsage>(`
          SELECT user_id AS "userId",
            COALESCE(SUM(CASE WHEN charged = 1 AND cache_hit = 0 THEN prompt_tokens + completion_tokens END), 0) AS tokens,
            COALESCE(SUM(CASE WHEN charged = 1 AND cache_hit = 0 THEN 1 END), 0) AS requests,
            COALESCE(SUM(cache_hit), 0) AS "cacheHits",
            COALESCE(SUM(CASE WHEN ok = 0 THEN 1 END), 0) AS failed,
            COALESCE(SUM(CASE WHEN charged = 1 THEN cost_usd END), 0) AS "costUsd",
            COALESCE(SUM(CASE WHEN charged = 0 AND cache_hit = 0 THEN prompt_tokens + completion_tokens END), 0) AS "gradingTokens",
            COALESCE(SUM(CASE WHEN charged = 0 THEN cost_usd END), 0) AS "gradingCostUsd"
          FROM model_calls GROUP BY user_id ORDER BY user_id COLLATE "C"`)
      ).rows,
    byModel: async () =>
      (
        await db.query<ModelUsage>(`
          SELECT model,
            COALESCE(SUM(CASE WHEN cache_hit = 0 AND ok = 1 THEN 1 END), 0) AS requests,
            COALESCE(SUM(CASE WHEN cache_hit = 0 THEN prompt_tokens END), 0) AS "promptTokens",
            COALESCE(SUM(CASE WHEN cache_hit = 0 THEN completion_tokens END), 0) AS "completionTokens",
            COALESCE(SUM(cache_hit), 0) AS "cacheHits",
            COALESCE(SUM(CASE WHEN ok = 0 THEN 1 END), 0) AS failed,
            COALESCE(SUM(cost_usd), 0) AS "costUsd",
            AVG(CASE WHEN cache_hit = 0 THEN latency_ms END)::double precision AS "meanLatencyMs"
          FROM model_calls GROUP BY model ORDER BY model COLLATE "C"`)
      ).rows,
  };
}
