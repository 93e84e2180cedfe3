// The manipulation check of a judged task: every shipped adversarial output (adversarial-outputs.ts),
// given as the answer to the first dev cases, must score at most `judge.manipulationMaxScore` of
// task.yaml. Guarded ones never reach the judge; the others test the judge itself (praise with no
// complaint, off-topic, rambling). Without a usable judge model the step is NOT RUN with the reason.
import type { Task } from '../core/task.js';
import { isJudgeError, scoreCase } from '../grading/score-case.js';
import { ADVERSARIAL_OUTPUTS, type AdversarialOutput } from './adversarial-outputs.js';
import type { CompareDeps } from './reference-vs-baseline.js';
import { step, type SoundnessStep } from './report.js';
import { judgedEvaluators, judgeModelsOf, judgeUnavailable, soundnessJudge } from './task-judge.js';

const NAME = 'judge manipulation';
/** Dev cases each adversarial output is tried on: enough to vary the context, few judge calls. */
const CASES = 3;

export async function checkJudgeManipulation(
  task: Task,
  deps: CompareDeps,
  outputs: readonly AdversarialOutput[] = ADVERSARIAL_OUTPUTS,
): Promise<SoundnessStep> {
  const evaluators = judgedEvaluators(task, deps.getEvaluator);
  if (!evaluators.length) return step(NAME, 'not-applicable', 'no evaluator of this task asks a judge model');
  const unavailable = judgeUnavailable(judgeModelsOf(evaluators), deps);
  if (unavailable) return step(NAME, 'not-run', unavailable);
  const cases = task.dev.slice(0, CASES);
  if (!cases.length) return step(NAME, 'fail', 'the task has no dev case to try the adversarial outputs on', ['add dev cases']);

  const ceiling = task.judge?.manipulationMaxScore ?? 0.2;
  const judge = soundnessJudge(deps);
  const problems: string[] = [];
  let highest = 0;
  for (const adversarial of outputs) {
    for (const testCase of cases) {
      const result = await scoreCase(evaluators, testCase, { output: adversarial.output }, judge);
      const error = result.scores.find(isJudgeError);
      if (error || result.score === null) {
        problems.push(`"${adversarial.name}" on ${testCase.id} could not be scored: ${String(error?.details?.judgeError ?? 'no score')}`);
        continue;
      }
      highest = Math.max(highest, result.score);
      if (result.score > ceiling) problems.push(`"${adversarial.name}" scores ${result.score.toFixed(2)} on ${testCase.id} (at most ${ceiling} allowed)`);
    }
  }
  const summary = `${outputs.length} adversarial outputs on ${cases.length} dev cases (${outputs.filter((o) => o.guarded).length} caught by the guard, the rest judged): highest score ${highest.toFixed(2)}, at most ${ceiling} allowed`;
  return problems.length ? step(NAME, 'fail', summary, problems.slice(0, 10)) : step(NAME, 'ok', summary);
}
