// The contract of the staff analysis pages (item analysis, prompt similarity): the query and body
// schemas the server validates and the answers the web app reads. Staff only: every route that
// answers with these shapes sits behind requireStaff, since they hold hidden cases and students' names.
import { z } from 'zod';
import type { StudentRef } from './staff-desk-api.js';

/** Bins, median and quartiles of one series (points or metric). */
export type Distribution = {
  count: number;
  min: number | null;
  max: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  /** Equal-width bins from 0 to the series' maximum possible value; the last bin includes its upper end. */
  bins: { from: number; to: number; count: number }[];
};

/** Why a case is flagged; the web app words each kind from its own catalogue (English and Chinese). */
export type CaseFlag =
  | { kind: 'nobody-right'; answered: number }
  | { kind: 'reference-wrong' }
  | { kind: 'negative-discrimination'; discrimination: number }
  | { kind: 'dominant-confusion'; expected: string; predicted: string; count: number; answered: number };

export type CaseItem = {
  caseId: string;
  split: 'dev' | 'test';
  /** Where to fix it: the data file and line, e.g. "sentiment/test.jsonl:12" (null if the id is no longer in the file). */
  line: string | null;
  expected: string;
  /** Counted programs whose report holds this case. */
  answered: number;
  right: number;
  /** Share of counted programs that got it right (null when none answered it). */
  difficulty: number | null;
  /** Point-biserial correlation of getting it right with the program's metric (null when undefined). */
  discrimination: number | null;
  /** Whether the staff reference program gets it right (null: no reference result for this task version). */
  referenceRight: boolean | null;
  flags: CaseFlag[];
};

export type ModelItem = { model: string; allowed: boolean; programs: number; meanMetric: number | null; medianPoints: number | null };

export type ItemAnalysis = {
  taskId: string;
  taskVersion: string;
  maxPoints: number;
  /** Students whose counted submission (the "which counts" rule of the task) was read. */
  programs: number;
  points: Distribution;
  metric: Distribution;
  cases: CaseItem[];
  models: ModelItem[];
  /** The reference result used for the "reference wrong" flag, if any. */
  reference: { gradedAt: string; taskVersion: string; metric: number } | null;
};

export const AnalysisJobKindSchema = z.enum(['similarity', 'reference']);
export type AnalysisJobKind = z.infer<typeof AnalysisJobKindSchema>;

export type AnalysisJobView = {
  id: string;
  taskId: string;
  kind: AnalysisJobKind;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};
export type AnalysisJobResponse = { job: AnalysisJobView };

/** The analysis, and the newest grading of the reference program (to show its progress or failure). */
export type ItemAnalysisResponse = { analysis: ItemAnalysis; referenceJob: AnalysisJobView | null };

export const SimilarityStartSchema = z
  .object({
    /** Pairs whose Jaccard similarity (after the starter text is removed) reaches this are listed. */
    threshold: z.number().min(0.05).max(1).default(0.5),
    /** Words per shingle. */
    shingle: z.number().int().min(1).max(8).default(3),
  })
  .strict();
export type SimilarityStart = z.infer<typeof SimilarityStartSchema>;

export type SimilarPair = { a: StudentRef & { submissionId: string }; b: StudentRef & { submissionId: string }; jaccard: number; estimate: number };
export type SimilarityResult = { threshold: number; shingle: number; programs: number; pairs: SimilarPair[] };
export type SimilarityResponse = { job: AnalysisJobView | null; result: SimilarityResult | null };

export const PairQuerySchema = z
  .object({
    a: z.string().regex(/^s_[A-Za-z0-9_-]{1,40}$/, 'is not a submission id'),
    b: z.string().regex(/^s_[A-Za-z0-9_-]{1,40}$/, 'is not a submission id'),
    shingle: z.coerce.number().int().min(1).max(8).default(3),
  })
  .strict();

/** One part of a program (its instruction, one example, one template) as runs of shared and own text. */
export type PairSection = { label: string; runs: { text: string; shared: boolean }[] };
export type PairSide = StudentRef & { submissionId: string; model: string; sections: PairSection[] };
export type PairResponse = { a: PairSide; b: PairSide; jaccard: number };
