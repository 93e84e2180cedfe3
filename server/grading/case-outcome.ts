import type { TaskCase } from '../core/task.js';
import type { Said } from '../shared/messages/say.js';

/** What running a program on one case produced, before scoring. */
export type CaseOutcome = {
  /** Raw model text, or a summary of the top labels for image-text. */
  rawOutput: string;
  /** The answer the evaluators score. */
  output: string;
  /** Predicted label for classification metrics (null: no label recognised). */
  predicted?: string | null;
  ranking?: string[];
  /** Label -> probability, for image-text classification. */
  probabilities?: Record<string, number>;
  attempts: number;
  cacheHit: boolean;
};

/** One case of a run: its outcome, or the error that stopped it, and what it took. */
export type CaseRun = {
  testCase: TaskCase;
  input: string;
  outcome?: CaseOutcome;
  error?: string;
  /** The error by code for the student's language, when the sandbox said it so. */
  errorSaid?: Said;
  attempts: number;
  latencyMs: number;
};
