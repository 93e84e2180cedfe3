// Text grading in-process on the tiny local models through models.tiny.yaml: the exact
// log-likelihoods choice scoring reports, for the small and the larger model.
import { beforeAll, describe, expect, it } from 'vitest';
import { getEvaluator } from '../../evaluators/index.js';
import { gradeProgram } from '../../server/grading/grade-program.js';
import { loadLocalTask } from '../support/local-tasks.js';
import { prepareTinyModels, type TinyModels } from '../support/tiny-models.js';

let tiny: TinyModels;
beforeAll(async () => {
  tiny = await prepareTinyModels();
});

const program = (model: string) => ({
  kind: 'text',
  task: 'in-order',
  model,
  style: 'completion',
  template: { input: 'Letters: {input}', output: 'In order: {output}' },
  answer: { mode: 'score-choices', labels: { yes: ['yes'], no: ['no'] } },
});

describe('choice scoring on local models', () => {
  // After "In order:", " no" = " " + "n" + "o" (o follows n: logit L) and " yes" has no successor step.
  for (const [id, L] of [
    ['distilgpt2', 10],
    ['gpt2', 12],
  ] as const) {
    it(`${id}: no = L - 3 ln(e^L + 256), yes = -4 ln(e^L + 256) with L = ${L}`, async () => {
      const report = await gradeProgram(loadLocalTask('in-order'), program(id), { models: tiny.registry(), getEvaluator, cache: null }, { split: 'dev' });
      const lnZ = Math.log(Math.exp(L) + 256);
      const expected = `no: ${(L - 3 * lnZ).toFixed(3)}, yes: ${(-4 * lnZ).toFixed(3)}`;
      expect(report.cases.map((c) => c.rawOutput)).toEqual([expected, expected, expected]);
      expect(report.cases.map((c) => c.predicted)).toEqual(['no', 'no', 'no']);
      expect(report.metric).toBeCloseTo(1 / 3, 12);
    });
  }
});
