// The report is the contract between the grader and everything that shows results (CLI summary,
// Gradescope results.json, the web report page). Hidden cases are stripped by `redactHidden`.
import { z } from 'zod';
import { JsonValueSchema } from './json.js';

export const ScoreSchema = z.object({
  name: z.string(),
  score: z.number().min(0).max(1).nullable(),
  details: z.record(z.string(), JsonValueSchema).optional(),
});

export const UsageSchema = z.object({
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  modelCalls: z.number().int().min(0),
  cacheHits: z.number().int().min(0),
});
export type RunUsage = z.infer<typeof UsageSchema>;

/** A sentence by code (server/shared/messages/say.ts) as stored in a report. */
export const SaidSchema = z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });

export const CaseReportSchema = z.object({
  caseId: z.string(),
  hidden: z.boolean(),
  /** Rendered input as the student would read it (dev cases only; empty for hidden ones). */
  input: z.string(),
  /** Raw model text (or top labels for image-text). */
  rawOutput: z.string(),
  /** The answer the evaluators scored. */
  output: z.string(),
  expected: JsonValueSchema,
  scores: z.array(ScoreSchema),
  /** Weighted mean of the scores that could be computed; null when none could. */
  score: z.number().min(0).max(1).nullable(),
  /** Predicted label for classification metrics. */
  predicted: z.string().optional(),
  ranking: z.array(z.string()).optional(),
  /** Set when the case could not be run (model error after retries, bad image, ...). */
  error: z.string().optional(),
  /** `error` by code for the student's language (when the sandbox said it so). */
  errorSaid: SaidSchema.optional(),
  attempts: z.number().int().min(0),
  latencyMs: z.number().min(0),
});
export type CaseReport = z.infer<typeof CaseReportSchema>;

export const EvaluatorSummarySchema = z.object({
  name: z.string(),
  weight: z.number(),
  /** Mean over scorable cases. */
  mean: z.number().nullable(),
  /** Cases with score 1 (fully right). */
  passed: z.number().int(),
  scored: z.number().int(),
  unscorable: z.number().int(),
});

export const ConfusionSchema = z.object({
  labels: z.array(z.string()),
  /** matrix[expectedIndex][predictedIndex]; the last column counts answers that matched no label. */
  matrix: z.array(z.array(z.number().int())),
});
export type Confusion = z.infer<typeof ConfusionSchema>;

export const StudyReportSchema = z.object({
  completeness: z.object({
    score: z.number().min(0).max(1),
    /** `message` is English; `said` the same line by code for the student's language (absent in older reports). */
    checks: z.array(z.object({ name: z.string(), passed: z.boolean(), message: z.string(), said: SaidSchema.optional() })),
  }),
  bestVariant: z.string().nullable(),
  /** One row per variant: the comparison table. Only aggregates, so safe for students to see. */
  variants: z.array(
    z.object({
      name: z.string(),
      model: z.string(),
      metric: z.number().nullable(),
      points: z.number().nullable(),
      counts: z.object({ total: z.number().int(), errored: z.number().int(), correct: z.number().int() }).nullable(),
      evaluators: z.array(EvaluatorSummarySchema),
      usage: UsageSchema.nullable(),
      error: z.string().optional(),
    }),
  ),
  /** Collected for manual grading; never scored automatically. */
  reflection: z.string(),
  reflectionWords: z.number().int(),
});
export type StudyReport = z.infer<typeof StudyReportSchema>;

export const GradeReportSchema = z.object({
  submissionId: z.string(),
  taskId: z.string(),
  taskVersion: z.string(),
  split: z.enum(['dev', 'test']),
  model: z.string(),
  aggregate: z.string(),
  metric: z.number().min(0).max(1),
  points: z.number().min(0),
  maxPoints: z.number().min(0),
  baseline: z.number(),
  target: z.number(),
  evaluators: z.array(EvaluatorSummarySchema),
  confusion: ConfusionSchema.optional(),
  counts: z.object({ total: z.number().int(), errored: z.number().int(), correct: z.number().int() }),
  /** When a test-split grade also ran the dev cases (shown in detail): their own metric, for reference. */
  dev: z.object({ metric: z.number(), total: z.number().int(), correct: z.number().int(), errored: z.number().int() }).optional(),
  cases: z.array(CaseReportSchema),
  usage: UsageSchema,
  durationMs: z.number().min(0),
  startedAt: z.string(),
  /** Set for study submissions: the report's cases and metric are those of the best variant. */
  study: StudyReportSchema.optional(),
});
export type GradeReport = z.infer<typeof GradeReportSchema>;

/**
 * What a student is shown of a report: no run-specific usage or timing. Grading shares its response
 * cache across re-grades and students submitting the same program, so cache hits, model calls,
 * tokens spent, attempts and durations would say whether a case was answered from the cache, i.e.
 * whether some hidden input repeats another case or someone else submitted the same program.
 */
export type StudentGradeReport = Omit<GradeReport, 'usage' | 'durationMs' | 'startedAt'>;

/**
 * The student-visible copy of a report: hidden cases lose every per-case field (input, outputs,
 * expected, scores, error text) and keep only what aggregates already say; usage and timing go.
 */
export function redactHidden(report: GradeReport): StudentGradeReport {
  const { usage: _usage, durationMs: _durationMs, startedAt: _startedAt, ...shown } = report;
  return {
    ...shown,
    // Attempts and latency of a dev case would show a cache hit (0 attempts, no wait): zeroed.
    cases: report.cases.filter((c) => !c.hidden).map((c) => ({ ...c, attempts: 0, latencyMs: 0 })),
    ...(report.study ? { study: { ...report.study, variants: report.study.variants.map((v) => ({ ...v, usage: null })) } } : {}),
  };
}
