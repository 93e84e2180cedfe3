// The human ceiling of a reference-based text metric (chrF, ROUGE, token F1): a correct human
// translation worded differently from the references does not score 1, so a target above what one
// human reference scores against the others asks students to beat a paraphrasing human. Each
// reference is scored, with the task's own evaluators and metric, as if it were the answer, against
// the case's other references; the mean over a split is that split's ceiling. A case with a single
// reference cannot be measured (and grades a correct paraphrase harshly): it is named.
import type { AnyEvaluator } from '../core/evaluator.js';
import type { Task, TaskCase } from '../core/task.js';
import { computeMetric } from '../grading/aggregate.js';
import { bindEvaluators, scoreCase, type BoundEvaluator } from '../grading/score-case.js';
import { step, type SoundnessStep } from './report.js';

const NAME = 'human ceiling';

function references(testCase: TaskCase): string[] | null {
  const { expected } = testCase;
  return Array.isArray(expected) && expected.every((value) => typeof value === 'string') ? (expected as string[]) : null;
}

/** The split's metric when each reference in turn is the answer and the others the expected list. */
async function splitCeiling(task: Task, evaluators: BoundEvaluator[], cases: TaskCase[]): Promise<number | null> {
  const scored: { score: number | null; scores: []; expected: TaskCase['expected']; output: string }[] = [];
  for (const testCase of cases) {
    const refs = references(testCase);
    if (!refs || refs.length < 2) continue;
    for (const [index, reference] of refs.entries()) {
      const others = refs.filter((_, other) => other !== index);
      const result = await scoreCase(evaluators, { ...testCase, expected: others }, { output: reference });
      scored.push({ score: result.score, scores: [], expected: others, output: reference });
    }
  }
  return scored.length ? computeMetric(scored, task).metric : null;
}

export async function checkHumanCeiling(task: Task, getEvaluator: (name: string) => AnyEvaluator | undefined): Promise<SoundnessStep> {
  const all = [...task.dev, ...task.test];
  const withLists = all.filter((c) => references(c) !== null);
  if (task.modality !== 'text' || task.fields.labels || withLists.length === 0 || !withLists.some((c) => references(c)!.length >= 2))
    return step(NAME, 'not-applicable', 'no case has several reference answers');
  const evaluators = bindEvaluators(task.evaluators, getEvaluator);
  const ceilings: { split: string; value: number }[] = [];
  for (const [split, cases] of [
    ['dev', task.dev],
    ['test', task.test],
  ] as const) {
    const value = await splitCeiling(task, evaluators, cases);
    if (value !== null) ceilings.push({ split, value });
  }
  const problems: string[] = [];
  const single = all.filter((c) => (references(c)?.length ?? 0) < 2).map((c) => c.id);
  if (single.length)
    problems.push(
      `${single.length} case(s) have fewer than two references (${single.slice(0, 10).join(', ')}${single.length > 10 ? ', ...' : ''}): a correct paraphrase of a single reference scores low, and the ceiling leaves them out`,
    );
  // The graded split sets the bar; dev stands in when there is no test split.
  const graded = ceilings.find((c) => c.split === 'test') ?? ceilings[0]!;
  const target = task.points.target;
  if (target > graded.value + 1e-9)
    problems.push(
      `the target (${target}) is above the human ceiling of the ${graded.split} split (${graded.value.toFixed(3)}): full points would need a translation closer to the references than another human's; set the target at or below the ceiling`,
    );
  const summary = `each reference scored against the others (${task.metric.aggregate}): ${ceilings.map((c) => `${c.split} ${c.value.toFixed(3)}`).join(', ')}; target ${target}`;
  return problems.length ? step(NAME, 'warn', summary, problems) : step(NAME, 'ok', summary);
}
