import { describe, expect, it } from 'vitest';
import { evaluatorNames, evaluators, getEvaluator } from '../../evaluators/index.js';
import { exactMatch } from '../../evaluators/exact-match.js';
import { makeCase } from './support.js';

const expectedNames = [
  'chrf',
  'exact-match',
  'includes',
  'json',
  'label',
  'multiple-choice',
  'normalized-match',
  'numeric',
  'recall-at-k',
  'regex-match',
  'rouge-l',
  'rubric-judge',
  'token-f1',
  'top-k-accuracy',
];

/** The smallest valid params of the evaluators that need some. */
const requiredParams: Record<string, unknown> = {
  'regex-match': { pattern: '(.+)' },
  'rubric-judge': { model: 'gpt-4o-mini', goal: 'Summarise the input.', criteria: [{ name: 'faithful', description: 'Says only what the input says.' }] },
};
const minimalParams = (name: string) => requiredParams[name] ?? {};

describe('evaluator registry', () => {
  it('lists every evaluator by name, sorted', () => {
    expect(evaluatorNames()).toEqual(expectedNames);
  });

  it('registers each evaluator under its own kebab-case name', () => {
    for (const [name, evaluator] of Object.entries(evaluators)) {
      expect(evaluator.name).toBe(name);
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(evaluator.description).toMatch(/^\S.{20,}\.$/);
    }
  });

  it('looks evaluators up by name, and only own names', () => {
    expect(getEvaluator('exact-match')).toBe(exactMatch);
    expect(getEvaluator('exact_match')).toBeUndefined();
    expect(getEvaluator('toString')).toBeUndefined();
    expect(getEvaluator('constructor')).toBeUndefined();
  });

  it('accepts {} as params for every evaluator except regex-match (a pattern) and rubric-judge (a judge and a rubric)', () => {
    const needingParams = Object.values(evaluators)
      .filter((evaluator) => !evaluator.params.safeParse({}).success)
      .map((evaluator) => evaluator.name);
    expect(needingParams).toEqual(['regex-match', 'rubric-judge']);
  });

  it('parses its own parsed params to the same value, since the task loader stores parsed params', () => {
    for (const evaluator of Object.values(evaluators)) {
      const once = evaluator.params.parse(minimalParams(evaluator.name));
      expect(evaluator.params.parse(once)).toEqual(once);
    }
  });

  it('returns JSON-serialisable scores in 0..1 with the evaluator name', async () => {
    for (const evaluator of Object.values(evaluators)) {
      const params = evaluator.params.parse(minimalParams(evaluator.name));
      const expected = evaluator.name === 'json' ? { a: 1 } : 'B';
      const result = await evaluator.score({ output: '{"a": 1} B', expected, ranking: ['B'], case: makeCase(), params });
      expect(result.name).toBe(evaluator.name);
      expect(result.score === null || (result.score >= 0 && result.score <= 1)).toBe(true);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
  });
});
