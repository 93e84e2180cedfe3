// The oracle check: the task's evaluators, as configured in task.yaml, must give every case's
// expected answer full marks, and deliberately corrupted answers (empty, another label, scrambled,
// the right image ranked last) low marks. It catches evaluator settings that grade the wrong
// thing: a schema the answers break, a k as large as the gallery, a pattern that matches anything.
import type { AnyEvaluator } from '../core/evaluator.js';
import type { Task, TaskCase } from '../core/task.js';
import { computeMetric } from '../grading/aggregate.js';
import { bindEvaluators, scoreCase, type BoundEvaluator } from '../grading/score-case.js';
import { corruptionsFor, oracleBuilder, type CaseOutput, type OutputBuilder } from './case-outputs.js';
import { step, type SoundnessStep } from './report.js';

const FULL_MARKS = 1 - 1e-9;
const SHOWN_CASES = 3;

type ScoredOutput = { testCase: TaskCase; output: CaseOutput; score: number | null; detail: string };

function describeScores(scores: { name: string; score: number | null; details?: Record<string, unknown> }[]): string {
  return scores
    .map((s) =>
      s.score === null
        ? `${s.name} could not score it${typeof s.details?.error === 'string' ? `: ${s.details.error}` : ''}`
        : `${s.name} ${s.score.toFixed(2)}`,
    )
    .join(', ');
}

async function scoreAll(evaluators: BoundEvaluator[], cases: TaskCase[], build: OutputBuilder): Promise<ScoredOutput[]> {
  const scored: ScoredOutput[] = [];
  for (const [index, testCase] of cases.entries()) {
    const output = build(testCase, index, cases);
    if (!output) continue;
    const result = await scoreCase(evaluators, testCase, { output: output.output, ...(output.ranking ? { ranking: output.ranking } : {}) });
    scored.push({ testCase, output, score: result.score, detail: describeScores(result.scores) });
  }
  return scored;
}

function metricOf(task: Task, scored: ScoredOutput[]): number {
  return computeMetric(
    scored.map(({ testCase, output, score }) => ({
      score,
      scores: [],
      expected: testCase.expected,
      output: output.output,
      ...(output.predicted !== undefined ? { predicted: output.predicted } : {}),
    })),
    task,
  ).metric;
}

/** "dev-003 (dev)": staff see case ids of both splits, never hidden content. */
function caseNames(scored: ScoredOutput[]): string {
  const named = scored.slice(0, SHOWN_CASES).map((s) => `${s.testCase.id} (${s.testCase.split}: ${s.detail})`);
  return `${named.join('; ')}${scored.length > SHOWN_CASES ? `; and ${scored.length - SHOWN_CASES} more` : ''}`;
}

export async function checkOracle(task: Task, getEvaluator: (name: string) => AnyEvaluator | undefined): Promise<SoundnessStep> {
  // A judged evaluator cannot run without a judge model; the judge steps check it instead.
  const evaluators = bindEvaluators(task.evaluators, getEvaluator).filter((bound) => !bound.evaluator.judged);
  if (!evaluators.length) return step('oracle', 'not-applicable', 'every evaluator asks a judge model: see judge calibration and judge manipulation');
  const problems: string[] = [];
  const splits = [task.dev, task.test].filter((cases) => cases.length > 0);
  const total = splits.reduce((sum, cases) => sum + cases.length, 0);

  const oracle = oracleBuilder(task);
  for (const cases of splits) {
    const scored = await scoreAll(evaluators, cases, oracle);
    const short = scored.filter((s) => s.score === null || s.score < FULL_MARKS);
    if (short.length) problems.push(`the expected answer does not get full marks on ${short.length} ${cases[0]!.split} case(s): ${caseNames(short)}`);
    const metric = metricOf(task, scored);
    if (!short.length && metric < FULL_MARKS) {
      problems.push(
        `the expected answers of the ${cases[0]!.split} split give a ${task.metric.aggregate} of ${metric.toFixed(3)}, not 1 (does every label appear in the split?)`,
      );
    }
  }

  const midpoint = (task.points.baseline + task.points.target) / 2;
  const found: string[] = [];
  for (const corruption of corruptionsFor(task)) {
    const ceiling = corruption.ceiling === 'no points' ? task.points.baseline : midpoint;
    const metrics: string[] = [];
    for (const cases of splits) {
      const scored = await scoreAll(evaluators, cases, corruption.build);
      if (!scored.length) continue;
      const full = scored.filter((s) => s.score !== null && s.score >= FULL_MARKS);
      if (full.length)
        problems.push(`a corrupted answer (${corruption.name}) gets full marks on ${full.length} ${cases[0]!.split} case(s): ${caseNames(full)}`);
      const metric = metricOf(task, scored);
      metrics.push(metric.toFixed(2));
      if (metric > ceiling + 1e-9) {
        const earns = corruption.ceiling === 'no points' ? 'must earn no points' : 'must earn at most half the points';
        problems.push(
          `corrupted answers (${corruption.name}) give a ${cases[0]!.split} ${task.metric.aggregate} of ${metric.toFixed(3)}; they ${earns} (at most ${ceiling.toFixed(3)})`,
        );
      }
    }
    found.push(metrics.length ? `${corruption.name} ${metrics.join('/')}` : `${corruption.name} not applicable (no answer changes)`);
  }

  if (problems.length) return step('oracle', 'fail', 'expected answers must get full marks and corrupted answers low marks', problems);
  return step(
    'oracle',
    'ok',
    `expected answers get full marks on all ${total} cases; corrupted answers score low (${task.metric.aggregate} dev/test: ${found.join('; ')})`,
  );
}
