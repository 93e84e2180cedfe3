// Outputs built from a case's expected value, for the oracle check: the expected answer itself,
// and corrupted answers that a sound evaluator must not give full marks. Pure functions of the
// task and its cases, so every check is deterministic.
import type { JsonValue } from '../core/json.js';
import type { Task, TaskCase } from '../core/task.js';

export type CaseOutput = { output: string; ranking?: string[]; predicted?: string | null };

/** Builds one output per case; null when the corruption cannot differ from the expected answer. */
export type OutputBuilder = (testCase: TaskCase, index: number, cases: TaskCase[]) => CaseOutput | null;

export type Corruption = {
  name: string;
  build: OutputBuilder;
  /** "no points": the metric must not exceed points.baseline; "low": at most half the points. */
  ceiling: 'no points' | 'low';
};

/** What a perfect text answer looks like: the string, the first reference, the number, the JSON. */
export function expectedAsText(expected: JsonValue): string {
  if (typeof expected === 'string') return expected;
  if (typeof expected === 'number') return String(expected);
  if (Array.isArray(expected) && expected.length > 0 && (typeof expected[0] === 'string' || typeof expected[0] === 'number')) return String(expected[0]);
  return JSON.stringify(expected);
}

export function expectedIds(testCase: TaskCase): string[] {
  return (Array.isArray(testCase.expected) ? testCase.expected : [testCase.expected]).map(String);
}

/** The retrieval gallery of a split, as the grader builds it: every image its cases expect. */
export function galleryOf(cases: TaskCase[]): string[] {
  return [...new Set(cases.flatMap(expectedIds))].sort();
}

/** The label set of a classification task: declared labels, else every expected value seen. */
export function labelsOf(task: Task): string[] {
  return task.fields.labels ?? [...new Set([...task.dev, ...task.test].map((c) => String(c.expected)))].sort();
}

/** A deterministic shuffle of the characters (code points), so "positive" becomes "evitsopi". */
export function scrambleText(text: string, seed: number): string {
  const characters = Array.from(text);
  let state = (seed * 2_654_435_761 + 1) >>> 0;
  for (let i = characters.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    const j = state % (i + 1);
    [characters[i], characters[j]] = [characters[j]!, characters[i]!];
  }
  const shuffled = characters.join('');
  return shuffled === text ? Array.from(text).reverse().join('') : shuffled;
}

/** Every value moved to the next key: valid JSON with the right keys and all the wrong values. */
function rotateValues(object: { [key: string]: JsonValue }): string | null {
  const keys = Object.keys(object);
  const values = keys.map((key) => object[key]!);
  const rotated = Object.fromEntries(keys.map((key, index) => [key, values[(index + 1) % values.length]!]));
  return JSON.stringify(rotated) === JSON.stringify(object) ? null : JSON.stringify(rotated);
}

export function oracleBuilder(task: Task): OutputBuilder {
  if (task.modality === 'image-text' && task.mode === 'retrieve') {
    return (testCase, _index, cases) => {
      const relevant = expectedIds(testCase);
      const ranking = [...relevant, ...galleryOf(cases).filter((id) => !relevant.includes(id))];
      return { output: ranking[0]!, ranking };
    };
  }
  if (task.modality === 'image-text') {
    const labels = labelsOf(task);
    return (testCase) => {
      const expected = String(testCase.expected);
      return { output: expected, predicted: expected, ranking: [expected, ...labels.filter((label) => label !== expected)] };
    };
  }
  return (testCase) => ({ output: expectedAsText(testCase.expected), ...(task.fields.labels ? { predicted: String(testCase.expected) } : {}) });
}

export function corruptionsFor(task: Task): Corruption[] {
  if (task.modality === 'image-text' && task.mode === 'retrieve') {
    return [
      {
        name: 'expected image ranked last',
        ceiling: 'no points',
        build: (testCase, _index, cases) => {
          const relevant = expectedIds(testCase);
          const others = galleryOf(cases).filter((id) => !relevant.includes(id));
          return others.length ? { output: others[0]!, ranking: [...others, ...relevant] } : null;
        },
      },
    ];
  }
  if (task.modality === 'image-text') {
    const labels = labelsOf(task);
    return [
      {
        name: 'another label first, expected last',
        ceiling: 'no points',
        build: (testCase) => {
          const expected = String(testCase.expected);
          const others = labels.filter((label) => label !== expected);
          return others.length ? { output: others[0]!, predicted: others[0]!, ranking: [...others, expected] } : null;
        },
      },
    ];
  }
  const labels = task.fields.labels;
  return [
    { name: 'empty output', ceiling: 'no points', build: () => ({ output: '', ...(labels ? { predicted: null } : {}) }) },
    {
      name: labels ? 'another label' : "another case's answer",
      ceiling: labels ? 'no points' : 'low',
      build: (testCase, index, cases) => {
        if (labels) {
          const other = labels[(labels.indexOf(String(testCase.expected)) + 1) % labels.length]!;
          return other === testCase.expected ? null : { output: other, predicted: other };
        }
        // The next case (cyclically) whose answer differs.
        for (let step = 1; step < cases.length; step++) {
          const other = cases[(index + step) % cases.length]!;
          if (JSON.stringify(other.expected) !== JSON.stringify(testCase.expected)) return { output: expectedAsText(other.expected) };
        }
        return null;
      },
    },
    {
      name: 'scrambled answer',
      ceiling: 'low',
      build: (testCase, index) => {
        const expected = testCase.expected;
        if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
          const rotated = rotateValues(expected);
          return rotated === null ? null : { output: rotated };
        }
        const text = expectedAsText(expected);
        const scrambled = scrambleText(text, index + 1);
        // Numbers and one-character answers can scramble into themselves; those cases are skipped.
        if (scrambled === text) return null;
        return { output: scrambled, ...(labels ? { predicted: labels.includes(scrambled) ? scrambled : null } : {}) };
      },
    },
  ];
}
