// Near-duplicate scan: a dev case that nearly copies a hidden one teaches the test (a student picks
// it as a few-shot example), and two nearly equal hidden cases count one question twice. Inputs are
// compared field by field on character trigrams (any script, no tokenizer), after dropping the
// trigrams of a template most cases repeat ("What is ... plus ...?"); a pair is flagged when every
// field is at least NEAR_DUPLICATE alike. Image inputs (file names) are not compared here.
import { inputFields, type Task, type TaskCase } from '../core/task.js';
import { commonTrigrams, ngramProfile, profileSimilarity, type NgramProfile } from './char-ngram-similarity.js';
import { step, type SoundnessStep } from './report.js';

const NAME = 'near duplicates';
/** "My cat sleeps on a warm blanket by the fire." and "My cat sleeps on the warm blanket near the fire." are 0.8 alike. */
export const NEAR_DUPLICATE = 0.8;
/** Trigrams in more than this share of the cases are the task's template, not its content. */
const TEMPLATE_SHARE = 0.3;
const SHOWN = 10;

type Profiled = { testCase: TaskCase; profiles: NgramProfile[] };

function similarity(a: Profiled, b: Profiled): number {
  return Math.min(...a.profiles.map((profile, index) => profileSimilarity(profile, b.profiles[index]!)));
}

export function checkNearDuplicates(task: Task): SoundnessStep {
  if (task.modality === 'image-text' && task.mode === 'classify') return step(NAME, 'not-applicable', 'image inputs: the scan compares text inputs');
  const fields = inputFields(task);
  const all = [...task.dev, ...task.test];
  const template = fields.map((field) =>
    commonTrigrams(
      all.map((c) => c.inputs[field] ?? ''),
      TEMPLATE_SHARE,
    ),
  );
  const profiled = (cases: TaskCase[]): Profiled[] =>
    cases.map((testCase) => ({ testCase, profiles: fields.map((field, index) => ngramProfile(testCase.inputs[field] ?? '', template[index])) }));
  const dev = profiled(task.dev);
  const test = profiled(task.test);
  const found: { a: string; b: string; value: number }[] = [];
  for (const [i, hidden] of test.entries()) {
    for (const visible of dev) {
      const value = similarity(visible, hidden);
      if (value >= NEAR_DUPLICATE) found.push({ a: visible.testCase.id, b: hidden.testCase.id, value });
    }
    for (const other of test.slice(i + 1)) {
      const value = similarity(hidden, other);
      if (value >= NEAR_DUPLICATE) found.push({ a: hidden.testCase.id, b: other.testCase.id, value });
    }
  }
  const summary = `no dev/test or test/test inputs at least ${NEAR_DUPLICATE} alike (character trigrams, template left out)`;
  if (!found.length) return step(NAME, 'ok', summary);
  found.sort((x, y) => y.value - x.value);
  // Case ids only: this report may be pasted where students read it.
  return step(NAME, 'warn', `${found.length} pair(s) of inputs at least ${NEAR_DUPLICATE} alike`, [
    `${found
      .slice(0, SHOWN)
      .map((pair) => `${pair.a} ~ ${pair.b} (${pair.value.toFixed(2)})`)
      .join(
        ', ',
      )}${found.length > SHOWN ? `, and ${found.length - SHOWN} more` : ''}: reword or replace one of each pair (a dev case close to a hidden one teaches the test)`,
  ]);
}
