// Study rules against the model catalogue: the shipped model comparison pairs its roles by family;
// a pair across families (babbage-002 with gpt2, the issue-15 loophole), a model without a family,
// a role offering a model the task does not allow and a study with unpaired roles are reported.
// The grader's completeness check holds a submitted study to the pairs.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudyConfigSchema, StudyProgramSchema, type StudyConfig } from '../../server/core/study.js';
import type { Task } from '../../server/core/task.js';
import { loadModelsConfig } from '../../server/models/models-config.js';
import { checkStudy } from '../../server/prompts/check-study.js';
import { catalogueOf, createModelCatalogue } from '../../server/soundness/model-facts.js';
import { checkStudyRules } from '../../server/soundness/study-rules.js';
import { repoRoot, shippedCatalog, staffStudy } from '../tasks/shipped-tasks.js';

const catalog = shippedCatalog();
const comparison = catalog.task('model-comparison');
const shipped = createModelCatalogue({
  modelsConfig: loadModelsConfig(path.join(repoRoot, 'models.yaml')),
  modelsDir: path.join(repoRoot, 'no-models-here'),
  offline: true,
  root: repoRoot,
});

function withStudy(task: Task, study: unknown): Task {
  return { ...task, study: StudyConfigSchema.parse(study) };
}

const sizeRoles = [
  { name: 'small', models: ['distilgpt2', 'babbage-002'] },
  { name: 'larger', models: ['gpt2', 'davinci-002'] },
];

describe('study rules', () => {
  it('hold for the shipped model comparison: two pairs, each one family in models.yaml', () => {
    expect(checkStudyRules(comparison, shipped)).toEqual({
      name: 'study rules',
      status: 'ok',
      summary: '4 roles on allowed models; 2 pair(s) of one family (small/larger, base/instruction-tuned)',
      problems: [],
    });
    expect(checkStudyRules(catalog.task('prompt-development'), shipped).status).toBe('not-applicable');
    expect(checkStudyRules(catalog.task('sentiment'), shipped).status).toBe('not-applicable');
  });

  it('fails a pair across two families, naming both families', () => {
    const task = withStudy(comparison, { roles: sizeRoles, pairs: [{ roles: ['small', 'larger'], models: [['babbage-002', 'gpt2']] }] });
    expect(checkStudyRules(task, shipped)).toMatchObject({
      status: 'fail',
      problems: ['pair small/larger: babbage-002 (gpt-3-base-002) and gpt2 (gpt2) are not one family'],
    });
  });

  it('fails a pair whose models have no family, the same model twice, and a role offering a model the task does not allow', () => {
    const catalogue = catalogueOf([
      { id: 'a', kind: 'text', context: null, family: null },
      { id: 'b', kind: 'text', context: null, family: 'f' },
    ]);
    const task = withStudy(
      { ...comparison, models: ['a', 'b'] },
      {
        roles: [
          { name: 'one', models: ['a', 'b'] },
          { name: 'two', models: ['a', 'b', 'c'] },
        ],
        pairs: [
          {
            roles: ['one', 'two'],
            models: [
              ['a', 'b'],
              ['b', 'b'],
            ],
          },
        ],
      },
    );
    expect(checkStudyRules(task, catalogue).problems).toEqual([
      'role "two" offers c, which task.yaml models: does not allow',
      'pair one/two: a has no family in models.yaml; add family: so the pair can be proved one family',
      'pair one/two: b and b are the same model; a pair compares two',
    ]);
  });

  it('warns when a study has roles but pairs none of them', () => {
    const result = checkStudyRules(withStudy(comparison, { roles: sizeRoles }), shipped);
    expect(result.status).toBe('warn');
    expect(result.problems[0]).toMatch(/^no roles are paired \(small, larger\)/);
  });

  it('refuses, when task.yaml is loaded, a pair naming an unknown role or a model its role does not offer', () => {
    const parsed = StudyConfigSchema.safeParse({
      roles: sizeRoles,
      pairs: [
        { roles: ['small', 'huge'], models: [['distilgpt2', 'gpt2']] },
        { roles: ['small', 'larger'], models: [['gpt2', 'davinci-002']] },
      ],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['pairs.0.roles.1', '"huge" is not one of the study\'s roles'],
      ['pairs.1.models.0.0', 'role "small" does not allow gpt2 (its models: distilgpt2, babbage-002)'],
    ]);
  });
});

describe('the grader holds a study to its pairs', () => {
  const config = comparison.study as StudyConfig;
  const reference = staffStudy(comparison, 'reference');
  const onModels = (models: Record<string, string>) =>
    StudyProgramSchema.parse({
      ...reference,
      variants: reference.variants.map((v) => ({ ...v, program: { ...v.program, model: models[v.name] ?? v.program.model } })),
    });

  it('passes the reference: babbage-002 and davinci-002, then Qwen1.5 0.5B and its chat model', () => {
    const checks = checkStudy(reference, config).filter((c) => c.name.startsWith('pair '));
    expect(checks).toEqual([
      {
        name: 'pair small/larger',
        passed: true,
        message: '“small” and “larger” run on babbage-002 and davinci-002, one family',
        said: { code: 'check.pair', params: { a: 'small', b: 'larger', first: 'babbage-002', second: 'davinci-002' } },
      },
      {
        name: 'pair base/instruction-tuned',
        passed: true,
        message: '“base” and “instruction-tuned” run on qwen1.5-0.5b and qwen1.5-0.5b-chat, one family',
        said: { code: 'check.pair', params: { a: 'base', b: 'instruction-tuned', first: 'qwen1.5-0.5b', second: 'qwen1.5-0.5b-chat' } },
      },
    ]);
  });

  it('fails "small" on babbage-002 with "larger" on gpt2: each role allows its model, the pair does not', () => {
    const checks = checkStudy(onModels({ larger: 'gpt2' }), config);
    expect(checks.find((c) => c.name === 'role larger')?.passed).toBe(true);
    expect(checks.find((c) => c.name === 'pair small/larger')).toMatchObject({
      name: 'pair small/larger',
      passed: false,
      message: '“small” and “larger” must run on one family (distilgpt2 + gpt2, babbage-002 + davinci-002), not babbage-002 and gpt2',
      said: { code: 'check.pair_wrong' },
    });
  });

  it('fails a pair with a missing role, naming the pairs to choose from', () => {
    const study = StudyProgramSchema.parse({ ...reference, variants: reference.variants.filter((v) => v.name !== 'base') });
    expect(checkStudy(study, config).find((c) => c.name === 'pair base/instruction-tuned')).toMatchObject({
      name: 'pair base/instruction-tuned',
      passed: false,
      message: '“base” and “instruction-tuned” compare one family (qwen1.5-0.5b + qwen1.5-0.5b-chat); name a variant after each',
      said: { code: 'check.pair_missing', params: { options: 'qwen1.5-0.5b + qwen1.5-0.5b-chat' } },
    });
  });
});
