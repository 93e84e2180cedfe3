// Calibration of a judged task: the judge scores the staff's examples (judge-examples.jsonl), whose
// right scores are known, and must agree with the staff: Spearman's rank correlation at least and
// mean absolute error at most the thresholds in task.yaml (`judge.calibration`). Without a usable
// judge model the step is NOT RUN with the reason; it never passes silently.
import { isJudgeError, scoreCase } from '../grading/score-case.js';
import type { Task } from '../core/task.js';
import { JUDGE_EXAMPLES_FILE, loadJudgeExamples } from './judge-examples.js';
import { meanAbsoluteError, spearman } from './rank-correlation.js';
import type { CompareDeps } from './reference-vs-baseline.js';
import { step, type SoundnessStep } from './report.js';
import { judgedEvaluators, judgeModelsOf, judgeUnavailable, soundnessJudge } from './task-judge.js';

const NAME = 'judge calibration';
/** Fewer examples than this cannot show a judge ranks outputs the way the staff do. */
export const MIN_EXAMPLES = 8;

export async function checkJudgeCalibration(task: Task, deps: CompareDeps & { displayRoot?: string }): Promise<SoundnessStep> {
  const evaluators = judgedEvaluators(task, deps.getEvaluator);
  if (!evaluators.length) return step(NAME, 'not-applicable', 'no evaluator of this task asks a judge model');
  const { examples, problems } = loadJudgeExamples(task, deps.displayRoot);
  if (!problems.length && examples.length < MIN_EXAMPLES)
    problems.push(`${JUDGE_EXAMPLES_FILE} has ${examples.length} examples; at least ${MIN_EXAMPLES} are required`);
  if (!problems.length && new Set(examples.map((e) => e.score)).size < 3)
    problems.push(`${JUDGE_EXAMPLES_FILE} needs examples of at least three different scores, so ranking them means something`);
  if (problems.length) return step(NAME, 'fail', `${JUDGE_EXAMPLES_FILE} cannot calibrate the judge`, problems);
  const models = judgeModelsOf(evaluators);
  const unavailable = judgeUnavailable(models, deps);
  if (unavailable) return step(NAME, 'not-run', unavailable);

  const thresholds = task.judge?.calibration ?? { minSpearman: 0.7, maxMeanAbsoluteError: 0.2 };
  const judge = soundnessJudge(deps);
  const judged: number[] = [];
  const known: number[] = [];
  const failures: string[] = [];
  for (const example of examples) {
    const result = await scoreCase(evaluators, example.testCase, { output: example.output }, judge);
    const error = result.scores.find(isJudgeError);
    if (error || result.score === null) {
      failures.push(`${example.id}: ${String(error?.details?.judgeError ?? error?.details?.problem ?? 'could not be scored')}`);
      continue;
    }
    judged.push(result.score);
    known.push(example.score);
  }
  if (failures.length)
    return step(NAME, 'fail', `the judge (${models.join(', ')}) could not score ${failures.length} of ${examples.length} examples`, failures.slice(0, 5));
  const rho = spearman(judged, known);
  const mae = meanAbsoluteError(judged, known);
  const summary = `${examples.length} staff examples on ${models.join(', ')}: Spearman ${rho === null ? 'undefined' : rho.toFixed(3)} (at least ${thresholds.minSpearman}), mean absolute error ${mae.toFixed(3)} (at most ${thresholds.maxMeanAbsoluteError})`;
  const found: string[] = [];
  if (rho === null) found.push('the judge gave every example the same score: it does not rank outputs at all');
  else if (rho < thresholds.minSpearman) found.push(`the judge ranks the examples unlike the staff (Spearman ${rho.toFixed(3)} < ${thresholds.minSpearman})`);
  if (mae > thresholds.maxMeanAbsoluteError)
    found.push(
      `the judge's scores are off by ${mae.toFixed(3)} on average (more than ${thresholds.maxMeanAbsoluteError}); worst: ${worst(
        examples.map((e) => e.id),
        judged,
        known,
      )}`,
    );
  return found.length ? step(NAME, 'fail', summary, found) : step(NAME, 'ok', summary);
}

function worst(ids: string[], judged: number[], known: number[]): string {
  return ids
    .map((id, i) => ({ id, judged: judged[i]!, known: known[i]! }))
    .sort((a, b) => Math.abs(b.judged - b.known) - Math.abs(a.judged - a.known))
    .slice(0, 3)
    .map((e) => `${e.id} judged ${e.judged.toFixed(2)}, staff ${e.known.toFixed(2)}`)
    .join('; ');
}
