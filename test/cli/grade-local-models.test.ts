// `sandbox grade` on local models, as a course runs it offline: a child process, the real CLI,
// models.tiny.yaml mapping the shipped ids to the generated tiny models (SANDBOX_OFFLINE=1), the
// fixture tasks of test/fixtures/local-tasks/ whose grades are designed to be exact.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GradescopeResultsSchema } from '../../server/grading/gradescope-schema.js';
import { coloursProgram, localTasksDir } from '../support/local-tasks.js';
import { repoRoot } from '../../testkit/sentiment-fixture.js';
import { prepareTinyModels } from '../support/tiny-models.js';

const run = promisify(execFile);
let tmp: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const tiny = await prepareTinyModels();
  tmp = mkdtempSync(path.join(tmpdir(), 'grade-local-'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SANDBOX_')));
  env = { ...clean, ...tiny.env, SANDBOX_TASKS_DIR: localTasksDir, SANDBOX_DATA_DIR: path.join(tmp, 'data'), NO_COLOR: '1' };
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function grade(
  program: object,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string; results?: ReturnType<typeof GradescopeResultsSchema.parse> }> {
  const file = path.join(tmp, `program-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(program));
  const out = path.join(tmp, `results-${Math.random().toString(36).slice(2)}.json`);
  try {
    const { stdout, stderr } = await run('node', ['bin/sandbox.js', 'grade', '--submission', file, '--out', out, ...args], { cwd: repoRoot, env });
    return { code: 0, stdout, stderr, results: GradescopeResultsSchema.parse(JSON.parse(readFileSync(out, 'utf8'))) };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const generation = {
  kind: 'text',
  task: 'next-letter',
  model: 'distilgpt2',
  style: 'completion',
  instruction: 'Continue the sequence.',
  template: { input: '{input}', output: '{output}', joiner: '' },
  decoding: { maxTokens: 1 },
};

const choices = {
  kind: 'text',
  task: 'in-order',
  model: 'distilgpt2',
  style: 'completion',
  template: { input: 'Letters: {input}', output: 'In order: {output}' },
  answer: { mode: 'score-choices', labels: { yes: ['yes'], no: ['no'] } },
};

describe('sandbox grade on a local text model', () => {
  it('generation: the byte-successor model answers every case; the planted miss costs exactly one', async () => {
    const dev = await grade(generation, ['--split', 'dev']);
    expect(dev.stderr).toBe('');
    expect(dev.stdout).toContain('Task next-letter (version 1), model distilgpt2, dev split: 4 cases.');
    expect(dev.stdout).toMatch(/ok {3}dev-1 +d \(expected "d"\)/);
    expect(dev.stdout).toMatch(/ok {3}dev-4 +4 \(expected "4"\)/);
    const test = await grade(generation, []);
    expect(test.code).toBe(0);
    expect(test.stdout).toContain('4 of 5 cases right.');
    expect(test.results?.score).toBe(8);
    // Hidden inputs stay out of the output.
    for (const hidden of ['ghi', 'pqr', 'klm']) expect(test.stdout + JSON.stringify(test.results)).not.toContain(hidden);
  });

  it('choice scoring: " no" (its o follows n) outscores " yes" for every case, in one batched pass each', async () => {
    const dev = await grade(choices, ['--split', 'dev']);
    expect(dev.stdout).toContain('1 of 3 cases right.');
    expect(dev.stdout).toMatch(/miss dev-1 +no \(expected "yes"\)/);
    expect(dev.stdout).toMatch(/ok {3}dev-2 +no \(expected "no"\)/);
    // One scoring call per case, no generated tokens.
    expect(dev.stdout).toMatch(/usage: 3 model calls, 0 of them from cache, \d+ prompt \+ 0 completion tokens/);
    // The same run again is answered from the cache: still 3 calls, now all 3 from the cache.
    const again = await grade(choices, ['--split', 'dev']);
    expect(again.stdout).toMatch(/usage: 3 model calls, 3 of them from cache, 0 prompt \+ 0 completion tokens/);
    const test = await grade(choices, []);
    expect(test.stdout).toContain('2 of 5 cases right.');
    // Accuracy 0.4 is under the baseline 0.5: no points.
    expect(test.results?.score).toBe(0);
  });
});

describe('sandbox grade on the local CLIP model', () => {
  it('zero-shot classification: 8 of 11 right, the three bad images errored, the exact points', async () => {
    const result = await grade(coloursProgram(['a photo of a {label} thing.', 'a {label} square']), []);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Task colours (version 1), model clip-vit-base-patch32, hidden test split: 11 cases.');
    expect(result.stdout).toContain('8 of 11 cases right.');
    expect(result.stdout).toContain('3 cases could not be run');
    // Accuracy 8/11 between baseline 0.2 and target 0.9.
    expect(result.results?.score).toBe(Math.round(((8 / 11 - 0.2) / 0.7) * 10 * 100) / 100);
    // Hidden image names (which give the labels away) stay out of what students read.
    for (const hidden of ['red-2.webp', 'truncated.png', 'huge.png']) expect(result.stdout + JSON.stringify(result.results)).not.toContain(hidden);
  });

  it('dev split: per-case lines name the predicted label', async () => {
    const result = await grade(coloursProgram(['{label}']), ['--split', 'dev']);
    expect(result.stdout).toMatch(/ok {3}dev-red +red \(expected "red"\)/);
    expect(result.stdout).toMatch(/miss dev-sky +blue \(expected "green"\)/);
  });

  it('retrieval: the query ranks the gallery, recall@1 is exact', async () => {
    const result = await grade({ kind: 'image-text', task: 'colour-search', model: 'clip-vit-base-patch32', templates: ['a photo of a {label} thing.'] }, [
      '--split',
      'dev',
    ]);
    expect(result.stdout).toContain('Metric (mean): 83.3%');
    expect(result.stdout).toMatch(/ok {3}dev-red +red\.png \(expected "red\.png"\)/);
  });
});
