// Pulls the answer out of free-form output with a staff-written pattern ("Answer: (.+)") and then
// compares it like normalized-match, so students are graded on the answer rather than the wrapping.
import { z } from 'zod';
import type { Evaluator } from '../server/core/evaluator.js';
import { checkExpectedStrings, readReferences } from './text/expected.js';
import { normalizeAnswer, preview } from './text/normalize.js';
import { unscorable } from './result.js';

const NAME = 'regex-match';

// `g` and `y` make a RegExp remember lastIndex between calls, which would make a shared, cached
// pattern give different answers for the same output; only the first match is used anyway.
const ALLOWED_FLAGS = /^[imsuvd]*$/;

function compileProblem(pattern: string, flags: string): string | null {
  try {
    new RegExp(pattern, flags);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const paramsSchema = z
  .object({
    /** JavaScript regular expression source, without slashes, e.g. "answer:\\s*(\\w+)". */
    pattern: z.string({ error: 'pattern is required: a regular expression such as "Answer: (.+)"' }).min(1, 'pattern must not be empty'),
    flags: z.string().regex(ALLOWED_FLAGS, 'flags may only contain i, m, s, u, v and d (g and y are not needed: the first match is used)').default(''),
  })
  .strict()
  .superRefine((params, context) => {
    if (!ALLOWED_FLAGS.test(params.flags)) return;
    const problem = compileProblem(params.pattern, params.flags);
    if (problem !== null) {
      context.addIssue({ code: 'custom', path: ['pattern'], message: `pattern is not a valid regular expression: ${problem}` });
    }
  });
export type RegexMatchParams = z.infer<typeof paramsSchema>;

const compiled = new Map<string, RegExp>();

function compile(pattern: string, flags: string): RegExp {
  const key = `${flags}/${pattern}`;
  let regex = compiled.get(key);
  if (regex === undefined) {
    regex = new RegExp(pattern, flags);
    compiled.set(key, regex);
  }
  return regex;
}

/** The first capture group that took part in the match, else the whole match; null when nothing matched. */
export function extractAnswer(output: string, regex: RegExp): string | null {
  const match = regex.exec(output);
  if (match === null) return null;
  return match.slice(1).find((group) => group !== undefined) ?? match[0];
}

export const regexMatch: Evaluator<RegexMatchParams> = {
  name: NAME,
  description:
    'Extracts the first capture group (or the whole match) of `pattern` from the output and scores 1 when it equals the expected string (or any of a list) after SQuAD-style normalisation.',
  params: paramsSchema,
  checkExpected: (expected) => checkExpectedStrings(expected),
  score({ output, expected, params }) {
    const read = readReferences(expected);
    if (!read.ok) return unscorable(NAME, read.problem);
    const extracted = extractAnswer(output, compile(params.pattern, params.flags));
    if (extracted === null) return { name: NAME, score: 0, details: { extracted: null } };
    const normalized = normalizeAnswer(extracted);
    const matched = read.references.some((reference) => normalizeAnswer(reference) === normalized);
    return { name: NAME, score: matched ? 1 : 0, details: { extracted: preview(extracted) } };
  },
};
