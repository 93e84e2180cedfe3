// An in-memory task of N cases for benchmarks: the fake server echoes the case's last word, so
// every answer is right and the grade itself is a check that nothing was lost.
import type { Task } from '../../server/core/task.js';
import { TaskConfigSchema } from '../../server/core/task.js';

export function syntheticTask(cases: number): Task {
  const config = TaskConfigSchema.parse({
    id: 'bench',
    version: 1,
    title: 'Benchmark',
    description: 'synthetic',
    modality: 'text',
    models: ['bench-chat'],
    fields: { input: 'text', expected: 'answer' },
    limits: { maxPromptTokens: 4096, maxOutputTokens: 16 },
    evaluators: [{ name: 'exact-match' }],
    metric: { aggregate: 'accuracy' },
    points: { baseline: 0, target: 1 },
  });
  const make = (index: number) => ({
    id: `case-${index}`,
    split: 'test' as const,
    inputs: { text: `Repeat the word w${index}` },
    expected: `w${index}`,
    extra: {},
  });
  return { ...config, dir: '/nonexistent', casesDir: '/nonexistent', readme: { en: '' }, dev: [], test: Array.from({ length: cases }, (_, i) => make(i)) };
}

export const benchProgram = {
  kind: 'text',
  model: 'bench-chat',
  style: 'chat',
  instruction: 'Answer with the last word only.',
  template: { input: '{input}', output: '{output}' },
  decoding: { temperature: 0, maxTokens: 4 },
};
