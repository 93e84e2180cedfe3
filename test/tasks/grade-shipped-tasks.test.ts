// Every shipped task graded end to end on the generated tiny local models: the staff reference
// program with its model swapped for a tiny stand-in of the right kind, through gradeProgram and
// the real transformers.js loading code. This checks the plumbing (data, images, templates,
// evaluators, metric), not model quality: the tiny models answer nonsense on purpose.
import { beforeAll, describe, expect, it } from 'vitest';
import { getEvaluator } from '../../evaluators/index.js';
import type { ModelRegistry } from '../../server/core/model.js';
import type { PromptProgram } from '../../server/core/prompt-program.js';
import { gradeProgram } from '../../server/grading/grade-program.js';
import { prepareTinyModels } from '../support/tiny-models.js';
import { earlyAssignmentTaskIds, shippedCatalog, staffProgram } from './shipped-tasks.js';

/** A tiny stand-in with the program's own style, so the prompt is rendered the same way. */
function onLocalModel(program: PromptProgram): PromptProgram {
  if (program.kind === 'image-text') return { ...program, model: 'clip-vit-base-patch32' };
  return { ...program, model: program.style === 'chat' ? 'qwen1.5-0.5b-chat' : 'gpt2' };
}

const catalog = shippedCatalog();
let models: ModelRegistry;

beforeAll(async () => {
  models = (await prepareTinyModels()).registry();
});

describe('every shipped task, graded on the tiny local models', () => {
  // Study tasks (several programs per submission) are graded by the study grader's own tests.
  for (const id of earlyAssignmentTaskIds().filter((taskId) => !catalog.task(taskId).study)) {
    it(`${id}: the reference grades every hidden case, the baseline every dev case, without errors`, async () => {
      const task = catalog.task(id);
      const program = onLocalModel(staffProgram(task, 'reference'));
      // The local stand-in must be one the task allows, or grading rejects the program.
      expect(task.models).toContain(program.model);
      const report = await gradeProgram(task, program, { models, getEvaluator, cache: null }, { split: 'test', concurrency: 4 });
      expect(report.cases).toHaveLength(task.test.length);
      expect(report.counts).toMatchObject({ total: task.test.length, errored: 0 });
      expect(report.cases.filter((c) => c.error).map((c) => c.error)).toEqual([]);
      expect(report.cases.every((c) => c.hidden && c.input === '')).toBe(true);
      expect(report.metric).toBeGreaterThanOrEqual(0);
      expect(report.metric).toBeLessThanOrEqual(1);
      expect(report.points).toBeGreaterThanOrEqual(0);
      expect(report.points).toBeLessThanOrEqual(report.maxPoints);

      // The baseline runs too (reference-vs-baseline grades both on dev).
      const baseline = await gradeProgram(task, onLocalModel(staffProgram(task, 'baseline')), { models, getEvaluator, cache: null }, { split: 'dev' });
      expect(baseline.counts).toMatchObject({ total: task.dev.length, errored: 0 });
    }, 120_000);
  }
});
