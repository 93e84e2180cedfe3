// Usage for staff: per student and per model, from the call log. A student's own calls and the
// autograder's calls on their submissions are reported apart (only the former use their budget).
import type { SqliteDatabase } from '../storage/open-database.js';

export type StudentUsage = {
  userId: string;
  tokens: number;
  requests: number;
  cacheHits: number;
  failed: number;
  costUsd: number;
  gradingTokens: number;
  gradingCostUsd: number;
};

export type ModelUsage = {
  model: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  cacheHits: number;
  failed: number;
  costUsd: number;
  meanLatencyMs: number | null;
};

export type UsageReports = { byStudent(): StudentUsage[]; byModel(): ModelUsage[] };

export function createUsageReports(db: SqliteDatabase): UsageReports {
  const byStudent = db.prepare<[], StudentUsage>(`
    SELECT user_id AS userId,
      COALESCE(SUM(CASE WHEN charged = 1 AND cache_hit = 0 THEN prompt_tokens + completion_tokens END), 0) AS tokens,
      COALESCE(SUM(CASE WHEN charged = 1 AND cache_hit = 0 THEN 1 END), 0) AS requests,
      COALESCE(SUM(cache_hit), 0) AS cacheHits,
      COALESCE(SUM(CASE WHEN ok = 0 THEN 1 END), 0) AS failed,
      COALESCE(SUM(CASE WHEN charged = 1 THEN cost_usd END), 0) AS costUsd,
      COALESCE(SUM(CASE WHEN charged = 0 AND cache_hit = 0 THEN prompt_tokens + completion_tokens END), 0) AS gradingTokens,
      COALESCE(SUM(CASE WHEN charged = 0 THEN cost_usd END), 0) AS gradingCostUsd
    FROM model_calls GROUP BY user_id`);
  const byModel = db.prepare<[], ModelUsage>(`
    SELECT model,
      COALESCE(SUM(CASE WHEN cache_hit = 0 AND ok = 1 THEN 1 END), 0) AS requests,
      COALESCE(SUM(CASE WHEN cache_hit = 0 THEN prompt_tokens END), 0) AS promptTokens,
      COALESCE(SUM(CASE WHEN cache_hit = 0 THEN completion_tokens END), 0) AS completionTokens,
      COALESCE(SUM(cache_hit), 0) AS cacheHits,
      COALESCE(SUM(CASE WHEN ok = 0 THEN 1 END), 0) AS failed,
      COALESCE(SUM(cost_usd), 0) AS costUsd,
      AVG(CASE WHEN cache_hit = 0 THEN latency_ms END) AS meanLatencyMs
    FROM model_calls GROUP BY model ORDER BY model`);
  return { byStudent: () => byStudent.all(), byModel: () => byModel.all() };
}
