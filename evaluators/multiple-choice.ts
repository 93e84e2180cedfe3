// Multiple-choice questions. The case lists its options (case.extra.choices by default); the expected
// answer and the output may each be given as a letter or as the option text.
import { z } from 'zod';
import type { Evaluator } from '../server/core/evaluator.js';
import type { JsonValue } from '../server/core/json.js';
import type { TaskCase } from '../server/core/task.js';
import { findChoiceLetter, indexLetter, letterIndex } from './text/choice-letter.js';
import { describeValue } from './text/expected.js';
import { normalizeAnswer } from './text/normalize.js';
import { unscorable } from './result.js';

const NAME = 'multiple-choice';
/** Without an options list only letters can be compared, and any of A..Z is a possible option. */
const LETTER_COUNT = 26;

const paramsSchema = z
  .object({
    /** Case field holding the option texts in order: ["Paris", "London", ...] are options A, B, ... */
    choicesField: z.string().min(1, 'choicesField must name a case field').default('choices'),
  })
  .strict();
export type MultipleChoiceParams = z.infer<typeof paramsSchema>;

type Choices = { ok: true; options: string[] | null } | { ok: false; problem: string };

function readChoices(testCase: TaskCase, field: string): Choices {
  const value = testCase.extra[field];
  // Options are often written into the question text itself, so a missing list still allows letters.
  if (value === undefined || value === null) return { ok: true, options: null };
  if (Array.isArray(value) && value.length > 0 && value.every((option) => typeof option === 'string')) {
    return { ok: true, options: value as string[] };
  }
  return { ok: false, problem: `case field "${field}" must be a non-empty list of option strings, got ${describeValue(value)}` };
}

/** The chosen option index, from a letter or from text equal to one option; null when neither. */
function chosenIndex(text: string, options: string[] | null): number | null {
  const count = options?.length ?? LETTER_COUNT;
  const letter = findChoiceLetter(text);
  if (letter !== null) {
    const index = letterIndex(letter);
    return index < count ? index : null;
  }
  if (options === null) return null;
  const normalized = normalizeAnswer(text);
  const index = options.findIndex((option) => normalizeAnswer(option) === normalized);
  return index === -1 || normalized === '' ? null : index;
}

function expectedIndex(expected: JsonValue, options: string[] | null): { ok: true; index: number } | { ok: false; problem: string } {
  const index = typeof expected === 'string' ? chosenIndex(expected, options) : null;
  if (index !== null) return { ok: true, index };
  const allowed =
    options === null ? 'a letter such as "B" (the case has no options list)' : `a letter A-${indexLetter(options.length - 1)} or one of the option texts`;
  return { ok: false, problem: `"expected" must be ${allowed}, got ${describeValue(expected)}` };
}

export const multipleChoice: Evaluator<MultipleChoiceParams> = {
  name: NAME,
  description:
    'Scores 1 when the output picks the expected option, given as a letter ("B", "(B)", "Answer: B", "答案是B") or as the option text; options come from the case field named by choicesField.',
  params: paramsSchema,
  checkExpected(expected) {
    // The options live on the case, which checkExpected does not see; only the form can be checked here.
    if (typeof expected === 'string' && expected.trim() !== '') return null;
    return `"expected" must be an option letter like "B" or the option text, got ${describeValue(expected)}`;
  },
  score({ output, expected, case: testCase, params }) {
    const choices = readChoices(testCase, params.choicesField);
    if (!choices.ok) return unscorable(NAME, choices.problem);
    const answer = expectedIndex(expected, choices.options);
    if (!answer.ok) return unscorable(NAME, answer.problem);
    const chosen = chosenIndex(output, choices.options);
    return {
      name: NAME,
      score: chosen === answer.index ? 1 : 0,
      details: { chosen: chosen === null ? null : indexLetter(chosen), expected: indexLetter(answer.index) },
    };
  },
};
