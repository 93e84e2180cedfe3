// Applies a task's evaluators to one case. An evaluator that throws is a staff-side bug: the case
// gets a null score with the reason rather than crashing the whole run.
import type { AnyEvaluator, Score } from '../core/evaluator.js';
import type { Judge } from '../core/judge.js';
import { errorMessage } from '../core/errors.js';
import type { EvaluatorUse, TaskCase } from '../core/task.js';

export type ScoredCase = { scores: Score[]; score: number | null };

export type BoundEvaluator = { use: EvaluatorUse; evaluator: AnyEvaluator; params: unknown; label: string };

export function bindEvaluators(uses: EvaluatorUse[], getEvaluator: (name: string) => AnyEvaluator | undefined): BoundEvaluator[] {
  return uses.map((use) => {
    const evaluator = getEvaluator(use.name);
    if (!evaluator) throw new Error(`unknown evaluator "${use.name}"; the task should have failed \`sandbox tasks check\``);
    return { use, evaluator, params: evaluator.params.parse(use.params), label: use.label ?? use.name };
  });
}

export function weightedScore(scores: Score[], evaluators: BoundEvaluator[]): number | null {
  let total = 0;
  let weights = 0;
  scores.forEach((score, index) => {
    if (score.score === null) return;
    const weight = evaluators[index]!.use.weight;
    total += weight * score.score;
    weights += weight;
  });
  return weights === 0 ? null : total / weights;
}

/** Whether a score is a judge's failure (not the student's): grading of a submission is retried then. */
export function isJudgeError(score: Score): boolean {
  return score.score === null && typeof score.details?.judgeError === 'string';
}

export async function scoreCase(
  evaluators: BoundEvaluator[],
  testCase: TaskCase,
  outcome: { output: string; ranking?: string[] },
  /** For model-graded evaluators; absent where no judge may be called (the oracle). */
  judge?: Judge,
): Promise<ScoredCase> {
  const scores: Score[] = [];
  for (const bound of evaluators) {
    try {
      const score = await bound.evaluator.score({
        output: outcome.output,
        expected: testCase.expected,
        ...(outcome.ranking ? { ranking: outcome.ranking } : {}),
        case: testCase,
        params: bound.params,
        ...(judge ? { judge } : {}),
      });
      const value = score.score === null ? null : Math.min(1, Math.max(0, score.score));
      scores.push({ ...score, name: bound.label, score: value });
    } catch (error) {
      scores.push({ name: bound.label, score: null, details: { error: `evaluator failed: ${errorMessage(error)}` } });
    }
  }
  return { scores, score: weightedScore(scores, evaluators) };
}
