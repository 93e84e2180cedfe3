// Grading asks a model for its answers through the model's lean `forward` path when it offers one
// (an API model's bare node:http exchange, same requests, answers and errors as generate), and
// through generate otherwise: the outputs, and so the grade, are the same either way.
import { describe, expect, it } from 'vitest';
import { getEvaluator } from '../../evaluators/index.js';
import type { ModelRegistry, TextModel, TextRequest, TextResponse } from '../../server/core/model.js';
import { gradeProgram } from '../../server/grading/grade-program.js';
import { chatProgram, loadFixtureTask } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
const labels = new Map(task.test.map((c) => [c.inputs.review!, String(c.expected)]));

function labelModel(withForward: boolean): { model: TextModel; calls: { generate: number; forward: number } } {
  const calls = { generate: 0, forward: 0 };
  const answer = (request: TextRequest): TextResponse => {
    const text = request.prompt.style === 'chat' ? (request.prompt.messages.at(-1)?.content ?? '') : request.prompt.text;
    const review = text
      .slice(text.lastIndexOf('Review: ') + 'Review: '.length)
      .split('\n')[0]!
      .trim();
    return { text: labels.get(review) ?? 'unknown', usage: { promptTokens: 1, completionTokens: 1 }, finishReason: 'stop' };
  };
  const model: TextModel = {
    id: 'gpt-4o-mini',
    kind: 'text',
    style: 'chat',
    fingerprint: `label-model-${withForward}`,
    countTokens: (text) => text.length,
    generate: async (request) => {
      calls.generate++;
      return answer(request);
    },
    ...(withForward
      ? {
          forward: async (request: TextRequest) => {
            calls.forward++;
            return answer(request);
          },
        }
      : {}),
  };
  return { model, calls };
}

const registry = (model: TextModel): ModelRegistry => ({ get: () => model, list: () => [] });

describe('grading and the forward path', () => {
  it('uses forward when the model has it, generate otherwise, with the same grade', async () => {
    const lean = labelModel(true);
    const plain = labelModel(false);
    const options = { split: 'test' as const, concurrency: 4 };
    const viaForward = await gradeProgram(task, chatProgram, { models: registry(lean.model), getEvaluator, cache: null }, options);
    const viaGenerate = await gradeProgram(task, chatProgram, { models: registry(plain.model), getEvaluator, cache: null }, options);
    expect(lean.calls).toEqual({ generate: 0, forward: task.test.length });
    expect(plain.calls).toEqual({ generate: task.test.length, forward: 0 });
    expect(viaForward.metric).toBe(1);
    expect(viaForward.cases.map((c) => c.output)).toEqual(viaGenerate.cases.map((c) => c.output));
  });
});
