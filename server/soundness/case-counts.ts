// The course's floor on split sizes: enough dev cases to try prompts on and pick few-shot examples
// from, enough hidden test cases that one lucky answer does not move a grade much.
import type { AnyEvaluator } from '../core/evaluator.js';
import type { Task } from '../core/task.js';
import { step, type SoundnessStep } from './report.js';

export type CaseMinimums = { dev: number; test: number };
export const DEFAULT_MINIMUMS: CaseMinimums = { dev: 20, test: 50 };
/**
 * A task graded by a judge model: every hidden case costs a judge call per submission, and a
 * case's score is graded (a rubric on a scale) rather than right or wrong, so fewer cases measure
 * as finely. Its judge is calibrated on staff examples as well.
 */
export const JUDGED_MINIMUMS: CaseMinimums = { dev: 15, test: 30 };

export function minimumsFor(task: Task, getEvaluator: (name: string) => AnyEvaluator | undefined): CaseMinimums {
  return task.evaluators.some((use) => getEvaluator(use.name)?.judged) ? JUDGED_MINIMUMS : DEFAULT_MINIMUMS;
}

export function checkCaseCounts(task: Task, minimums: CaseMinimums = DEFAULT_MINIMUMS): SoundnessStep {
  const problems: string[] = [];
  if (task.dev.length < minimums.dev) problems.push(`the dev split has ${task.dev.length} cases; at least ${minimums.dev} are required`);
  if (task.test.length < minimums.test) problems.push(`the test split has ${task.test.length} cases; at least ${minimums.test} are required`);
  const counts = `${task.dev.length} dev and ${task.test.length} test cases (at least ${minimums.dev} and ${minimums.test})`;
  return problems.length ? step('case counts', 'fail', counts, problems) : step('case counts', 'ok', counts);
}
