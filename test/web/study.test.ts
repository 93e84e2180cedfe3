// The Compare page's study logic, held against the server's: the word count and the completeness
// checklist must agree with server/prompts/check-study.ts on passing *and* failing studies, and a
// study assembled from the page's columns must be one the server's schema accepts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { PublicTask } from '../../server/core/api.js';
import type { ModelInfo } from '../../server/core/model.js';
import type { TextProgram } from '../../server/core/prompt-program.js';
import { StudyConfigSchema, StudyProgramSchema, type StudyConfig, type StudyProgram } from '../../server/core/study.js';
import { publicStudy } from '../../server/http/task-view.js';
import { checkStudy } from '../../server/prompts/check-study.js';
import { buildColumns, columnLimits, initialSetup, mergeSetup, withVariantExamples, type CompareSetup } from '../../web/src/lib/compare-setup.js';
import { countWords } from '../../server/shared/count-words.js';
import { defaultTextProgram } from '../../web/src/lib/program-defaults.js';
import { reopenPath } from '../../web/src/lib/reopen-path.js';
import { studyBlockers, studyChecklist } from '../../web/src/lib/study-checklist.js';
import { mergeStudyDraft, studyDraftOf, withStudyDraft } from '../../web/src/lib/study-draft.js';
import { assembleStudy, setupFromStudy } from '../../web/src/lib/study-setup.js';

const root = path.resolve(import.meta.dirname, '../..');
/** The shipped study tasks' `study:` blocks, so the tests follow the real tasks. */
function shippedTask(id: string): { config: StudyConfig; models: string[] } {
  const yaml = parseYaml(readFileSync(path.join(root, 'tasks', id, 'task.yaml'), 'utf8')) as { study: unknown; models: string[] };
  return { config: StudyConfigSchema.parse(yaml.study), models: yaml.models };
}
const promptDev = shippedTask('prompt-development');
const modelComparison = shippedTask('model-comparison');

const info = (id: string, style: 'chat' | 'completion' = id.includes('chat') || id.startsWith('gpt-4') ? 'chat' : 'completion'): ModelInfo => ({
  id,
  kind: 'text',
  style,
  provider: 'local',
  label: `${id} label`,
});

function publicTask(id: string, shipped: { config: StudyConfig; models: string[] }): PublicTask {
  return {
    id,
    version: '1',
    title: id,
    description: '',
    descriptionLocale: 'en',
    modality: 'text',
    mode: 'classify',
    models: shipped.models,
    fields: { input: 'review', expected: 'label', labels: ['positive', 'negative'] },
    limits: { maxExamples: 8, maxPromptTokens: 1024, maxOutputTokens: 16, maxTemplates: 100 },
    evaluators: [],
    metric: { aggregate: 'accuracy', threshold: 1 },
    points: { max: 10, baseline: 0.5, target: 0.9 },
    submissions: { perDay: 10 },
    dev: [],
    testCount: 20,
    study: publicStudy(shipped.config, 'en'),
  };
}
const names = { zeroShot: 'zero-shot', fewShot: 'few-shot', variant: (n: number) => `Variant ${n}` };
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

function baseProgram(task: PublicTask, models: ModelInfo[]): TextProgram {
  return {
    ...defaultTextProgram(task, models),
    model: 'qwen1.5-0.5b-chat',
    style: 'chat',
    instruction: 'Classify the review.',
    examples: [
      { input: 'great film', output: 'positive' },
      { input: 'dull film', output: 'negative' },
    ],
  };
}

/** The browser's checklist and the grader's checks, side by side: names and outcomes must match. */
function bothChecks(study: StudyProgram, config: StudyConfig) {
  const server = checkStudy(StudyProgramSchema.parse(study), config).map((c) => [c.name, c.passed]);
  const preview = studyChecklist(study, publicStudy(config, 'en')).map((c) => [c.name, c.passed]);
  return { server, preview };
}

describe('countWords (reflection minimum)', () => {
  const samples = [
    '',
    '   ',
    'The few-shot prompt worked best.',
    'It got 17 of 20 right, e.g. "great!" -> positive.',
    '少样本提示效果最好',
    'GPT-2 在算术上几乎全错，but the chat model 答对了 12 题。',
    'カタカナ と ひらがな',
    '한국어 문장',
    '— … !!! ???',
    'line one\nline two\ttabbed',
  ];
  it('counts each CJK character as one word and other words by whitespace (one module, shared by the page and the grader)', () => {
    expect(samples.map(countWords)).toEqual([0, 0, 5, 9, 9, 18, 9, 5, 0, 5]);
    expect(countWords('少样本提示效果最好')).toBe(9);
    expect(countWords('The few-shot prompt worked best.')).toBe(5);
    expect(countWords('— … !!! ???')).toBe(0);
  });
});

describe('a study built on the Compare page', () => {
  it('prompt development: three variants on one model, a short reflection fails only the reflection check', () => {
    const task = publicTask('prompt-development', promptDev);
    const models = task.models.map((id) => info(id));
    const base = baseProgram(task, models);
    const setup = initialSetup(task, models, base, names);
    expect(setup.mode).toBe('variants');
    expect(setup.variants.map((v) => [v.name, v.examples])).toEqual([
      ['zero-shot', 0],
      ['few-shot', 2],
      ['Variant 3', 2],
    ]);
    expect(columnLimits(task.study)).toEqual({ min: 3, max: 3 });

    const columns = buildColumns(setup, base, models, names);
    const short = assembleStudy(columns, words(59), task.id);
    expect(StudyProgramSchema.safeParse(short).success).toBe(true);
    expect(short.variants.every((v) => v.program.model === 'qwen1.5-0.5b-chat' && v.program.kind === 'text' && v.program.style === 'chat')).toBe(true);
    const { server, preview } = bothChecks(short, promptDev.config);
    expect(preview).toEqual(server);
    expect(preview).toEqual([
      ['variants', true],
      ['same model', true],
      ['reflection', false],
    ]);
    expect(bothChecks(assembleStudy(columns, words(60), task.id), promptDev.config).preview.every(([, passed]) => passed)).toBe(true);
  });

  it('a few-shot column picks its own examples from the dev pool in Compare, even when the draft has none', () => {
    const task = publicTask('prompt-development', promptDev);
    const models = task.models.map((id) => info(id));
    const base = { ...baseProgram(task, models), examples: [] };
    const setup = initialSetup(task, models, base, names);
    expect(setup.variants[1]!.examples).toBe(0);
    const picked = [
      { input: 'first', output: 'a' },
      { input: 'second', output: 'b' },
    ];
    const withPicked = { ...setup, variants: setup.variants.map((v, i) => (i === 1 ? withVariantExamples(v, base, picked) : v)) };
    const columns = buildColumns(withPicked, base, models, names);
    expect(columns.map((c) => (c.program as TextProgram).examples.length)).toEqual([0, 2, 0]);
    expect((columns[1]!.program as TextProgram).examples).toEqual(picked);
    // Saved and reopened (browser storage), the column keeps its examples.
    const merged = mergeSetup(JSON.parse(JSON.stringify(withPicked)), setup, columnLimits(task.study), base, task.models);
    expect((buildColumns(merged, base, models, names)[1]!.program as TextProgram).examples).toEqual(picked);
  });

  it('prompt development in models mode fails "same model", as the grader would', () => {
    const task = publicTask('prompt-development', promptDev);
    const models = task.models.map((id) => info(id));
    const base = baseProgram(task, models);
    const setup: CompareSetup = {
      ...initialSetup(task, models, base, names),
      mode: 'models',
      modelColumns: [
        { name: 'a', model: 'gpt2' },
        { name: 'b', model: 'distilgpt2' },
      ],
    };
    const study = assembleStudy(buildColumns(setup, base, models, names), words(80), task.id);
    const { server, preview } = bothChecks(study, promptDev.config);
    expect(preview).toEqual(server);
    expect(preview).toEqual([
      ['variants', false],
      ['same model', false],
      ['reflection', true],
    ]);
  });

  it('model comparison: one column per role, named after it, on a model the role allows; the program stays the same', () => {
    const task = publicTask('model-comparison', modelComparison);
    const models = task.models.map((id) => info(id));
    const base = baseProgram(task, models);
    const setup = initialSetup(task, models, base, names);
    expect(setup.mode).toBe('models');
    expect(setup.modelColumns).toEqual([
      { name: 'small', model: 'distilgpt2' },
      { name: 'larger', model: 'gpt2' },
      { name: 'base', model: 'qwen1.5-0.5b' },
      { name: 'instruction-tuned', model: 'qwen1.5-0.5b-chat' },
    ]);
    const study = assembleStudy(buildColumns(setup, base, models, names), words(80), task.id);
    // The chat model gets the chat style: the only other difference the grader allows.
    expect(study.variants.map((v) => (v.program.kind === 'text' ? v.program.style : null))).toEqual(['completion', 'completion', 'completion', 'chat']);
    const { server, preview } = bothChecks(study, modelComparison.config);
    expect(preview).toEqual(server);
    expect(preview.every(([, passed]) => passed)).toBe(true);
  });

  it('model comparison: a renamed role, a role on the wrong model and a changed prompt fail as on the server', () => {
    const task = publicTask('model-comparison', modelComparison);
    const models = task.models.map((id) => info(id));
    const base = baseProgram(task, models);
    const setup = initialSetup(task, models, base, names);
    const columns = buildColumns(
      { ...setup, modelColumns: [{ name: 'tiny', model: 'distilgpt2' }, { name: 'larger', model: 'distilgpt2' }, ...setup.modelColumns.slice(2)] },
      base,
      models,
      names,
    );
    columns[2] = { ...columns[2]!, program: { ...columns[2]!.program, instruction: 'Something else.' } };
    const { server, preview } = bothChecks(assembleStudy(columns, words(10), task.id), modelComparison.config);
    expect(preview).toEqual(server);
    expect(Object.fromEntries(preview)).toMatchObject({
      'same program': false,
      'role small': false,
      'role larger': false,
      'role base': true,
      reflection: false,
    });
  });

  it('model comparison: roles on models of two families fail the pair check in the browser as on the server', () => {
    const task = publicTask('model-comparison', modelComparison);
    const models = task.models.map((id) => info(id));
    const base = baseProgram(task, models);
    const setup = initialSetup(task, models, base, names);
    const columns = buildColumns(
      { ...setup, modelColumns: [{ name: 'small', model: 'babbage-002' }, { name: 'larger', model: 'gpt2' }, ...setup.modelColumns.slice(2)] },
      base,
      models,
      names,
    );
    const { server, preview } = bothChecks(assembleStudy(columns, words(80), task.id), modelComparison.config);
    expect(preview).toEqual(server);
    expect(Object.fromEntries(preview)).toMatchObject({
      'role small': true,
      'role larger': true,
      'pair small/larger': false,
      'pair base/instruction-tuned': true,
    });
    const item = studyChecklist(assembleStudy(columns, words(80), task.id), publicStudy(modelComparison.config, 'en')).find(
      (c) => c.name === 'pair small/larger',
    );
    expect(item).toEqual({
      name: 'pair small/larger',
      passed: false,
      said: {
        code: 'check.pair_wrong',
        params: { a: 'small', b: 'larger', options: 'distilgpt2 + gpt2, babbage-002 + davinci-002', first: 'babbage-002', second: 'gpt2' },
      },
    });
  });

  it('names that the server would refuse block the submission; fine names do not', () => {
    const program = { model: 'gpt2', kind: 'text' };
    expect(
      studyBlockers({
        variants: [
          { name: 'a', program },
          { name: 'b', program },
        ],
        reflection: '',
      }),
    ).toEqual([]);
    expect(
      studyBlockers({
        variants: [
          { name: 'a', program },
          { name: 'a', program },
          { name: ' ', program },
        ],
        reflection: '',
      }).map((b) => b.key),
    ).toEqual(['blocker.nameTwice', 'blocker.nameEmpty']);
    expect(studyBlockers({ variants: [], reflection: 'x'.repeat(20_001) }).map((b) => b.key)).toEqual(['blocker.variantCount', 'blocker.reflectionTooLong']);
    // The same studies through the server's schema: refused exactly when blocked.
    expect(
      StudyProgramSchema.safeParse({
        kind: 'study',
        variants: [
          { name: 'a', program: { kind: 'text', model: 'gpt2' } },
          { name: 'a', program: { kind: 'text', model: 'gpt2' } },
        ],
      }).success,
    ).toBe(false);
  });
});

describe('a submitted study reopened in Compare', () => {
  it('prompt variants come back as variants, each with its own program, and assemble to the same study', () => {
    const task = publicTask('prompt-development', promptDev);
    const models = task.models.map((id) => info(id));
    const base = baseProgram(task, models);
    const original = assembleStudy(buildColumns(initialSetup(task, models, base, names), base, models, names), 'My reflection.', task.id);
    // Give the third variant examples the draft does not have: reopening must keep them.
    original.variants[2]!.program = {
      ...original.variants[2]!.program,
      examples: [{ input: 'awful', output: 'negative' }],
      instruction: 'Be brief.',
    } as TextProgram;
    const other = { ...base, instruction: 'A draft edited since.', examples: [] };
    const reopened = setupFromStudy(original, task, models, other, names)!;
    expect(reopened.setup.mode).toBe('variants');
    expect(reopened.reflection).toBe('My reflection.');
    expect(reopened.lossy).toBe(false);
    const again = assembleStudy(buildColumns(reopened.setup, reopened.base, models, names), reopened.reflection, task.id);
    expect(again).toEqual(original);
  });

  it('a model comparison comes back as model columns with their names', () => {
    const task = publicTask('model-comparison', modelComparison);
    const models = task.models.map((id) => info(id));
    const base = baseProgram(task, models);
    const original = assembleStudy(buildColumns(initialSetup(task, models, base, names), base, models, names), '', task.id);
    const reopened = setupFromStudy(original, task, models, { ...base, instruction: 'other' }, names)!;
    expect(reopened.setup.mode).toBe('models');
    expect(reopened.setup.modelColumns.map((c) => c.name)).toEqual(['small', 'larger', 'base', 'instruction-tuned']);
    expect(assembleStudy(buildColumns(reopened.setup, reopened.base, models, names), '', task.id)).toEqual(original);
  });

  it('is not a study when the program is one program, or malformed', () => {
    const task = publicTask('prompt-development', promptDev);
    const models = task.models.map((id) => info(id));
    const base = baseProgram(task, models);
    expect(setupFromStudy(base, task, models, base, names)).toBeNull();
    expect(setupFromStudy({ kind: 'study', variants: [{ name: 'a', program: { kind: 'image-text' } }] }, task, models, base, names)).toBeNull();
    expect(setupFromStudy(null, task, models, base, names)).toBeNull();
    expect(reopenPath('prompt-development', 's_1', true)).toBe('/tasks/prompt-development/compare?from=s_1');
    expect(reopenPath('sentiment', 's_1', false)).toBe('/tasks/sentiment?from=s_1');
  });
});

describe('the study draft kept beside the program', () => {
  const task = publicTask('model-comparison', modelComparison);
  const models = task.models.map((id) => info(id));
  const base = baseProgram(task, models);
  const fallback = { setup: initialSetup(task, models, base, names), reflection: '' };
  const limits = columnLimits(task.study);

  it('round-trips through the stored draft', () => {
    const state = {
      setup: { ...fallback.setup, modelColumns: fallback.setup.modelColumns.map((c, i) => (i === 1 ? { ...c, model: 'davinci-002' } : c)) },
      reflection: 'Size mattered.',
    };
    const stored = JSON.parse(JSON.stringify(withStudyDraft(base, state))) as Record<string, unknown>;
    expect(stored.kind).toBe('text');
    expect(mergeStudyDraft(studyDraftOf(stored), fallback, limits, base, task.models)).toEqual(state);
  });

  it('falls back on malformed parts, unknown models and wrong column counts', () => {
    expect(mergeStudyDraft(null, fallback, limits, base, task.models)).toEqual(fallback);
    const merged = mergeStudyDraft(
      {
        setup: {
          mode: 'sideways',
          modelColumns: [
            { name: 'small', model: 'gpt-17' },
            { name: 'x', model: 'gpt2' },
          ],
          variants: 'no',
        },
        reflection: 42,
      },
      fallback,
      limits,
      base,
      task.models,
    );
    expect(merged.setup.mode).toBe('models');
    // The unknown model's column is dropped, and the columns are filled up to the four roles.
    expect(merged.setup.modelColumns).toEqual([{ name: 'x', model: 'gpt2' }, ...fallback.setup.modelColumns.slice(1)]);
    expect(merged.reflection).toBe('');
    const tooMany = mergeSetup({ modelColumns: Array.from({ length: 9 }, () => ({ name: '', model: 'gpt2' })) }, fallback.setup, limits, base, task.models);
    expect(tooMany.modelColumns).toHaveLength(4);
  });
});
