// The evaluator contract. An evaluator scores ONE case; averaging, thresholds and points live in
// server/grading, so evaluators stay small pure functions that are easy to test on edge cases.
import type { z } from 'zod';
import type { Judge } from './judge.js';
import type { JsonValue } from './json.js';
import type { TaskCase } from './task.js';

/** 0..1, or null when the output could not be scored at all (shown, never silently counted as 0). */
export type Score = { name: string; score: number | null; details?: Record<string, JsonValue> };

export type EvaluatorInput<P> = {
  /** The program's answer for the case: model text after stop sequences, extraction and verbalizer. */
  output: string;
  expected: JsonValue;
  /** Best-first labels (image-text classification, choice scoring) or gallery ids (retrieval). */
  ranking?: string[];
  case: TaskCase;
  params: P;
  /**
   * A judge model, for model-graded evaluators (rubric-judge). Absent where none can be called
   * (the oracle of `tasks check`): such an evaluator then returns an unscored case.
   */
  judge?: Judge;
};

export interface Evaluator<P = unknown> {
  /** Registry name used in task.yaml, kebab-case, e.g. "exact-match". */
  readonly name: string;
  readonly description: string;
  /** Validates the `params:` block in task.yaml. */
  readonly params: z.ZodType<P>;
  /** Scores by asking a judge model: `tasks check` calibrates it instead of running the oracle on it. */
  readonly judged?: boolean;
  /** The judge model a use of this evaluator names (judged evaluators only). */
  judgeModel?(params: P): string;
  /**
   * Optional check of a case's expected value (e.g. numeric wants a number), used by the task loader
   * so staff see `tasks/x/dev.jsonl line 3: ...` instead of a wrong score at grading time.
   * Returns a problem message, or null when the value is fine.
   */
  checkExpected?(expected: JsonValue, params: P): string | null;
  score(input: EvaluatorInput<P>): Score | Promise<Score>;
}

/** Erases P so evaluators with different params can live in one registry map. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds evaluators of every params type; each checks its own params with zod
export type AnyEvaluator = Evaluator<any>;
