// The task every surge submission is for: next-letter's format (a completion prompt, one token)
// with 2 dev and 8 test cases, written to a temp tasks folder. A submission is graded on both
// splits (the dev cases in detail beside the hidden ones), so ten model calls a submission.
import fs from 'node:fs';
import path from 'node:path';

export const SURGE_CASES_PER_SUBMISSION = 10;

export function writeSurgeTask(tasksDir: string, modelId: string): void {
  const dir = path.join(tasksDir, 'surge');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'task.yaml'),
    [
      'id: surge',
      'version: 1',
      'title: Surge benchmark (next character)',
      'modality: text',
      `models: [${modelId}]`,
      'fields: { input: letters, expected: next }',
      'limits: { maxExamples: 4, maxPromptTokens: 256, maxOutputTokens: 32 }',
      'evaluators: [{ name: exact-match, params: {} }]',
      'metric: { aggregate: accuracy }',
      'points: { max: 10, baseline: 0, target: 1 }',
      'submissions: { perDay: 1000 }',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'README.md'), '# Surge benchmark\n\nGive the next character of the sequence.\n');
  const line = (id: string, start: number) => {
    const letters = String.fromCharCode(97 + start, 98 + start, 99 + start);
    return JSON.stringify({ id, letters, next: String.fromCharCode(100 + start) });
  };
  fs.writeFileSync(path.join(dir, 'dev.jsonl'), `${[0, 1].map((i) => line(`dev-${i}`, i)).join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'test.jsonl'), `${[2, 3, 4, 5, 6, 7, 8, 9].map((i) => line(`test-${i}`, i)).join('\n')}\n`);
}

/**
 * A student's program: unique per submission (the instruction), so no answer comes from the cache.
 * `maxTokens` 1 answers each case in one forward pass; more makes each case a short generation.
 */
export function surgeProgram(modelId: string, index: number, maxTokens = 1) {
  return {
    kind: 'text',
    task: 'surge',
    model: modelId,
    style: 'completion',
    instruction: `Continue the sequence (${index}).`,
    template: { input: '{input}', output: '{output}', joiner: '' },
    decoding: { maxTokens },
  };
}
