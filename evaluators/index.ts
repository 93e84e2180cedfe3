// The evaluator registry: task.yaml names an evaluator ("exact-match") and the grader looks it up here.
// Adding an evaluator means adding its file and one line below.
import type { AnyEvaluator } from '../server/core/evaluator.js';
import { chrf } from './chrf.js';
import { exactMatch } from './exact-match.js';
import { includes } from './includes.js';
import { json } from './json.js';
import { label } from './label.js';
import { multipleChoice } from './multiple-choice.js';
import { normalizedMatch } from './normalized-match.js';
import { numeric } from './numeric.js';
import { recallAtK } from './recall-at-k.js';
import { regexMatch } from './regex-match.js';
import { rougeL } from './rouge-l.js';
import { rubricJudge } from './rubric-judge.js';
import { tokenF1 } from './token-f1.js';
import { topKAccuracy } from './top-k-accuracy.js';

const all: AnyEvaluator[] = [
  exactMatch,
  normalizedMatch,
  includes,
  regexMatch,
  numeric,
  multipleChoice,
  label,
  tokenF1,
  rougeL,
  chrf,
  json,
  topKAccuracy,
  recallAtK,
  rubricJudge,
];

export const evaluators: Record<string, AnyEvaluator> = Object.fromEntries(all.map((evaluator) => [evaluator.name, evaluator]));

export function getEvaluator(name: string): AnyEvaluator | undefined {
  // Own properties only: a task naming "constructor" or "toString" must get "unknown evaluator".
  return Object.hasOwn(evaluators, name) ? evaluators[name] : undefined;
}

export function evaluatorNames(): string[] {
  return Object.keys(evaluators).sort();
}
