// Strict parsing of a judge's answer: exactly one JSON object with an integer on the scale for
// every rubric criterion (no more, no fewer) and a reason. Anything else, prose around the object,
// a code fence, a missing criterion, 4.5 on an integer scale, is a judge error: the case is not
// scored and the student is told it is not their fault, rather than guessing what the judge meant.
import { z } from 'zod';
import type { RubricJudgeParams } from './rubric.js';

export type JudgeVerdict = { scores: Record<string, number>; reason: string };

export type ParsedVerdict = { ok: true; verdict: JudgeVerdict } | { ok: false; problem: string };

function verdictSchema(params: RubricJudgeParams) {
  const { min, max } = params.scale;
  const scores = Object.fromEntries(params.criteria.map((c) => [c.name, z.number().int().min(min).max(max)]));
  return z.object({ scores: z.object(scores).strict(), reason: z.string().trim().min(1).max(2000) }).strict();
}

export function parseJudgeAnswer(text: string, params: RubricJudgeParams): ParsedVerdict {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return { ok: false, problem: 'the judge did not answer with a JSON object alone' };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { ok: false, problem: 'the judge answered with malformed JSON' };
  }
  const parsed = verdictSchema(params).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: `the judge's answer does not fit the rubric (${issue.path.join('.') || 'answer'}: ${issue.message})` };
  }
  return { ok: true, verdict: parsed.data };
}

/** Weighted mean of the criteria, each mapped from the scale to 0..1. */
export function verdictScore(verdict: JudgeVerdict, params: RubricJudgeParams): number {
  const { min, max } = params.scale;
  let total = 0;
  let weights = 0;
  for (const criterion of params.criteria) {
    total += criterion.weight * ((verdict.scores[criterion.name]! - min) / (max - min));
    weights += criterion.weight;
  }
  return total / weights;
}
