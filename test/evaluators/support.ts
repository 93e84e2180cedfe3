// Test helpers: build a case and score through the evaluator's own params schema, exactly as the grader
// does, so defaults are exercised and tests cannot pass with params the schema would reject.
import { z } from 'zod';
import type { Evaluator, Score } from '../../server/core/evaluator.js';
import type { JsonValue } from '../../server/core/json.js';
import type { TaskCase } from '../../server/core/task.js';

export function makeCase(extra: Record<string, JsonValue> = {}): TaskCase {
  return { id: 'case-1', split: 'dev', inputs: { question: 'q' }, expected: null, extra };
}

export type ScoreOptions = { params?: unknown; ranking?: string[]; extra?: Record<string, JsonValue> };

export async function scoreWith<P>(evaluator: Evaluator<P>, output: string, expected: JsonValue, options: ScoreOptions = {}): Promise<Score> {
  const params = evaluator.params.parse(options.params ?? {});
  const testCase = { ...makeCase(options.extra), expected };
  return evaluator.score({ output, expected, case: testCase, params, ...(options.ranking ? { ranking: options.ranking } : {}) });
}

/** The score alone, for the many tests that only care about the number. */
export async function scoreOf<P>(evaluator: Evaluator<P>, output: string, expected: JsonValue, options: ScoreOptions = {}): Promise<number | null> {
  return (await scoreWith(evaluator, output, expected, options)).score;
}

/** The readable message a staff member sees for bad params; fails the test when the params are accepted. */
export function paramsProblem<P>(evaluator: Evaluator<P>, params: unknown): string {
  const result = evaluator.params.safeParse(params);
  if (result.success) throw new Error(`params were accepted: ${JSON.stringify(params)}`);
  return z.prettifyError(result.error);
}
