// Every shipped task graded end to end on the generated tiny local models: the staff reference
// program with its model swapped for a tiny stand-in of the right kind, through gradeProgram and
// the real transformers.js loading code. This checks the plumbing (data, images, templates,
// evaluators, metric), not model quality: the tiny models answer nonsense on purpose.
//
// Each grading runs twice, in-process and through the inference pool (issue 17), and the reports
// must be equal but for timings: the pool changes where the work runs, not what it computes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEvaluator } from '../../evaluators/index.js';
import type { ModelRegistry } from '../../server/core/model.js';
import type { PromptProgram } from '../../server/core/prompt-program.js';
import type { StudyProgram } from '../../server/core/study.js';
import type { Task } from '../../server/core/task.js';
import { gradeProgram } from '../../server/grading/grade-program.js';
import type { GradeReport } from '../../server/core/grade-report.js';
import { gradeSubmission } from '../../server/grading/grade-submission.js';
import { createInferencePool, type InferencePool } from '../../server/models/inference-pool/inference-pool.js';
import { poolSettings } from '../../server/models/provider-factories.js';
import { prepareTinyModels } from '../support/tiny-models.js';
import { earlyAssignmentTaskIds, shippedCatalog, staffProgram, staffStudy } from './shipped-tasks.js';

/** A tiny stand-in with the program's own style, so the prompt is rendered the same way. */
function onLocalModel(program: PromptProgram): PromptProgram {
  if (program.kind === 'image-text') return { ...program, model: 'clip-vit-base-patch32' };
  return { ...program, model: program.style === 'chat' ? 'qwen1.5-0.5b-chat' : 'gpt2' };
}

/** A study's variants on tiny stand-ins: a role's own local model when it lists one (small -> distilgpt2...). */
const localIds = ['distilgpt2', 'gpt2', 'qwen1.5-0.5b', 'qwen1.5-0.5b-chat'];
function studyOnLocalModels(study: StudyProgram, task: Task): StudyProgram {
  return {
    ...study,
    variants: study.variants.map((variant) => {
      const local = task.study?.roles.find((role) => role.name === variant.name)?.models.find((id) => localIds.includes(id));
      const program = local ? { ...variant.program, model: local } : onLocalModel(variant.program);
      if (program.kind === 'text' && local) program.style = local.endsWith('-chat') ? 'chat' : 'completion';
      return { ...variant, program };
    }),
  };
}

const catalog = shippedCatalog();
let models: ModelRegistry;
let pooledModels: ModelRegistry;
let pool: InferencePool;

beforeAll(async () => {
  const tiny = await prepareTinyModels();
  models = tiny.registry();
  pool = createInferencePool({ size: 2, settings: poolSettings({ modelsDir: tiny.modelsDir, offline: true }) });
  pooledModels = tiny.registry({ inferencePool: pool });
});
afterAll(() => pool?.close());

/** A report without what depends on the clock. */
function timeless(report: GradeReport): unknown {
  const { durationMs: _duration, startedAt: _started, ...rest } = report;
  return JSON.parse(JSON.stringify({ ...rest, cases: rest.cases.map(({ latencyMs: _latency, ...c }) => c) }), (key, value) =>
    key === 'durationMs' || key === 'startedAt' || key === 'latencyMs' ? undefined : value,
  );
}

/** Grades in-process and through the pool at once; the reports must match. Returns the in-process one. */
async function gradeBothWays(grade: (registry: ModelRegistry) => Promise<GradeReport>): Promise<GradeReport> {
  const [direct, pooled] = await Promise.all([grade(models), grade(pooledModels)]);
  expect(timeless(pooled)).toEqual(timeless(direct));
  return direct;
}

describe('every shipped task, graded on the tiny local models', () => {
  for (const id of earlyAssignmentTaskIds().filter((taskId) => catalog.task(taskId).study)) {
    it(`${id}: the reference study grades every variant on every hidden case and is complete`, async () => {
      const task = catalog.task(id);
      const study = studyOnLocalModels(staffStudy(task, 'reference'), task);
      const report = await gradeBothWays((registry) =>
        gradeSubmission(task, study, { models: registry, getEvaluator, cache: null }, { split: 'test', concurrency: 4 }),
      );
      expect(report.study!.completeness.checks.filter((check) => !check.passed)).toEqual([]);
      expect(report.study!.variants.map((v) => [v.name, v.counts?.total, v.counts?.errored])).toEqual(study.variants.map((v) => [v.name, task.test.length, 0]));
      expect(report.points).toBeGreaterThanOrEqual(task.study!.completenessWeight * report.maxPoints);
    }, 180_000);
  }

  for (const id of earlyAssignmentTaskIds().filter((taskId) => !catalog.task(taskId).study)) {
    it(`${id}: the reference grades every hidden case, the baseline every dev case, without errors`, async () => {
      const task = catalog.task(id);
      const program = onLocalModel(staffProgram(task, 'reference'));
      // The local stand-in must be one the task allows, or grading rejects the program.
      expect(task.models).toContain(program.model);
      const report = await gradeBothWays((registry) =>
        gradeProgram(task, program, { models: registry, getEvaluator, cache: null }, { split: 'test', concurrency: 4 }),
      );
      expect(report.cases).toHaveLength(task.test.length);
      expect(report.counts).toMatchObject({ total: task.test.length, errored: 0 });
      expect(report.cases.filter((c) => c.error).map((c) => c.error)).toEqual([]);
      expect(report.cases.every((c) => c.hidden && c.input === '')).toBe(true);
      expect(report.metric).toBeGreaterThanOrEqual(0);
      expect(report.metric).toBeLessThanOrEqual(1);
      expect(report.points).toBeGreaterThanOrEqual(0);
      expect(report.points).toBeLessThanOrEqual(report.maxPoints);

      // The baseline runs too (reference-vs-baseline grades both on dev).
      const baseline = await gradeBothWays((registry) =>
        gradeProgram(task, onLocalModel(staffProgram(task, 'baseline')), { models: registry, getEvaluator, cache: null }, { split: 'dev' }),
      );
      expect(baseline.counts).toMatchObject({ total: task.dev.length, errored: 0 });
    }, 120_000);
  }
});
