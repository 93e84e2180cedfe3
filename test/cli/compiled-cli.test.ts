// The compiled CLI: `bin/build.js` compiles a copy of the checkout into its dist/, and
// bin/sandbox.js runs that copy (inference-pool members too) only while every source matches the
// build; SANDBOX_COMPILED=0 or a touched source runs the TypeScript through tsx. A preloaded
// reporter (NODE_OPTIONS, so pool members load it too) lists the files each process loaded.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../testkit/sentiment-fixture.js';
import { localTasksDir } from '../support/local-tasks.js';
import { prepareTinyModels } from '../support/tiny-models.js';

const run = promisify(execFile);
const reporter = path.join(repoRoot, 'testkit/module-report/report-loaded-modules.js');
const COPIED = ['server', 'evaluators', 'bin', 'package.json', 'tsconfig.json'];

let tmp: string;
let root: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'compiled-cli-'));
  root = path.join(tmp, 'checkout');
  for (const entry of COPIED) fs.cpSync(path.join(repoRoot, entry), path.join(root, entry), { recursive: true, preserveTimestamps: true });
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
  await run(process.execPath, ['bin/build.js'], { cwd: root });
  const tiny = await prepareTinyModels();
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SANDBOX_')));
  fs.writeFileSync(
    path.join(tmp, 'program.json'),
    JSON.stringify({
      kind: 'text',
      task: 'next-letter',
      model: 'distilgpt2',
      style: 'completion',
      instruction: 'Continue the sequence.',
      template: { input: '{input}', output: '{output}', joiner: '' },
      decoding: { maxTokens: 1 },
    }),
  );
  env = { ...clean, ...tiny.env, SANDBOX_TASKS_DIR: localTasksDir, SANDBOX_DATA_DIR: path.join(tmp, 'data'), SANDBOX_INFERENCE_POOL: '1', NO_COLOR: '1' };
}, 120_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs `sandbox <args>` in the copy; returns its output and the files its processes loaded. */
async function sandbox(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; loaded: string[] }> {
  const report = path.join(tmp, `modules-${Math.random().toString(36).slice(2)}.txt`);
  const { stdout } = await run(process.execPath, ['bin/sandbox.js', ...args], {
    cwd: root,
    env: { ...env, ...extraEnv, NODE_OPTIONS: `--import=${reporter}`, SANDBOX_MODULE_REPORT: report },
  });
  const loaded = fs.existsSync(report) ? fs.readFileSync(report, 'utf8').split('\n').filter(Boolean) : [];
  return { stdout, loaded };
}

const inCopy = (loaded: string[], part: string) => loaded.filter((url) => url.startsWith(`file://${root}/${part}`));

describe('the compiled CLI', () => {
  it('runs dist/ while it matches the sources, and so do its inference-pool members', async () => {
    expect(fs.existsSync(path.join(root, 'dist/manifest.json'))).toBe(true);
    const { stdout, loaded } = await sandbox(['grade', '--submission', path.join(tmp, 'program.json'), '--split', 'dev']);
    expect(stdout).toContain('Task next-letter (version 1), model distilgpt2');
    expect(stdout).toMatch(/ok {3}dev-1 +d \(expected "d"\)/);
    expect(inCopy(loaded, 'dist/server/cli/main.js')).not.toEqual([]);
    // The member process (it answered the cases above) started from the compiled entry.
    expect(inCopy(loaded, 'dist/server/models/inference-pool/pool-member-process.js')).not.toEqual([]);
    expect(inCopy(loaded, 'server/')).toEqual([]);
    expect(loaded.filter((url) => url.includes('/node_modules/tsx/'))).toEqual([]);
  });

  it('runs the sources with SANDBOX_COMPILED=0', async () => {
    const { stdout, loaded } = await sandbox(['models', 'list'], { SANDBOX_COMPILED: '0' });
    expect(stdout).toContain('distilgpt2');
    expect(inCopy(loaded, 'server/cli/main.ts')).not.toEqual([]);
    expect(inCopy(loaded, 'dist/')).toEqual([]);
  });

  it('falls back to the sources once a source is newer than the build', async () => {
    const source = path.join(root, 'server/grading/points.ts');
    const later = new Date(fs.statSync(source).mtimeMs + 2_000);
    fs.utimesSync(source, later, later);
    const { stdout, loaded } = await sandbox(['models', 'list']);
    expect(stdout).toContain('distilgpt2');
    expect(inCopy(loaded, 'server/cli/main.ts')).not.toEqual([]);
    expect(inCopy(loaded, 'dist/')).toEqual([]);
  });
});
