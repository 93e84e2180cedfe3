// `sandbox gradescope package` end to end: build the zip with the real CLI, unpack it into a
// temporary root laid out like Gradescope's (<root>/source, <root>/submission, <root>/results),
// run the packaged setup.sh and run_autograder, and read the results.json they write. Models are
// the generated tiny local models, bundled into the zip with --models, so the run is offline.
//
// setup.sh would install Node and run `npm ci --omit=dev`; that needs the network and minutes, so
// the test links the repository's node_modules into source/ and sets SKIP_NODE_INSTALL=1, which
// exercises the script's documented skip path (an existing node_modules is not reinstalled).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GradescopeResultsSchema } from '../../server/grading/gradescope-schema.js';
import { localTasksDir } from '../support/local-tasks.js';
import { readZip } from '../support/read-zip.js';
import { startFakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { chatProgram, fixtureTasksDir, loadFixtureTask, modelsYamlFor, repoRoot, sentimentOracle } from '../../testkit/sentiment-fixture.js';
import { prepareTinyModels } from '../support/tiny-models.js';

const run = promisify(execFile);
let tmp: string;
let zipFile: string;
let env: NodeJS.ProcessEnv;

const program = {
  kind: 'text',
  task: 'next-letter',
  model: 'distilgpt2',
  style: 'completion',
  instruction: 'Continue the sequence.',
  template: { input: '{input}', output: '{output}', joiner: '' },
  decoding: { maxTokens: 1 },
};

async function exec(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  try {
    const { stdout, stderr } = await run(file, args, options);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A Gradescope-like root with the zip unpacked into source/ and `submission` in submission/. */
function gradescopeRoot(name: string, submission: Record<string, string>, zip = zipFile): string {
  const root = path.join(tmp, name);
  for (const entry of readZip(zip)) {
    const file = path.join(root, 'source', entry.name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, entry.data, { mode: entry.mode });
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'source', 'node_modules'), 'dir');
  fs.mkdirSync(path.join(root, 'submission'));
  fs.mkdirSync(path.join(root, 'results'));
  for (const [file, text] of Object.entries(submission)) fs.writeFileSync(path.join(root, 'submission', file), text);
  return root;
}

async function runAutograder(root: string) {
  const result = await exec(path.join(root, 'source', 'run_autograder'), [], { cwd: root, env: { ...env, GRADESCOPE_ROOT: root } });
  const resultsFile = path.join(root, 'results', 'results.json');
  const results = fs.existsSync(resultsFile) ? GradescopeResultsSchema.parse(JSON.parse(fs.readFileSync(resultsFile, 'utf8'))) : undefined;
  return { ...result, results };
}

beforeAll(async () => {
  const tiny = await prepareTinyModels();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gradescope-package-'));
  // Only PATH and HOME from the outside: the packaged scripts must set every SANDBOX_ variable.
  env = { PATH: process.env.PATH, HOME: process.env.HOME };
  zipFile = path.join(tmp, 'autograder.zip');
  const packaged = await exec('node', ['bin/sandbox.js', 'gradescope', 'package', '--task', 'next-letter', '--models', 'distilgpt2', '--out', zipFile], {
    cwd: repoRoot,
    env: { ...env, ...tiny.env, SANDBOX_TASKS_DIR: localTasksDir, SANDBOX_DATA_DIR: path.join(tmp, 'data'), NO_COLOR: '1' },
  });
  expect(packaged.stderr).toBe('');
  expect(packaged.code).toBe(0);
  expect(packaged.stdout).toMatch(/Wrote .*autograder\.zip: \d+ files/);
}, 120_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('sandbox gradescope package', () => {
  it('puts setup.sh and an executable run_autograder at the root, with the grader, the task and the model files', () => {
    const entries = readZip(zipFile);
    const names = entries.map((e) => e.name);
    expect(names.slice(0, 2)).toEqual(['setup.sh', 'run_autograder']);
    expect(entries.find((e) => e.name === 'run_autograder')?.mode).toBe(0o755);
    for (const name of [
      'package.json',
      'package-lock.json',
      'bin/sandbox.js',
      'server/cli/main.ts',
      'evaluators/index.ts',
      'tasks/next-letter/task.yaml',
      'tasks/next-letter/test.jsonl',
      'models.yaml',
    ]) {
      expect(names).toContain(name);
    }
    expect(names.some((n) => n.startsWith('models/tiny-gpt2/'))).toBe(true);
    // Only the chosen task and model; no tests, no other task, no node_modules.
    expect(names.some((n) => n.startsWith('tasks/colours/') || n.startsWith('models/tiny-clip/') || n.includes('node_modules') || n.endsWith('.test.ts'))).toBe(
      false,
    );
    const modelsYaml = entries.find((e) => e.name === 'models.yaml')!.data.toString();
    expect(modelsYaml).toMatch(/id: distilgpt2/);
    expect(modelsYaml).not.toMatch(/clip-vit-base-patch32|gpt-4o-mini/);
  });

  it('run_autograder grades program.json in a Gradescope-like root and writes only under it', async () => {
    const root = gradescopeRoot('ok', { 'program.json': JSON.stringify(program) });
    const setup = await exec('bash', [path.join(root, 'source', 'setup.sh')], { cwd: root, env: { ...env, SKIP_NODE_INSTALL: '1' } });
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain('node_modules is present; not reinstalling');
    const before = new Set(fs.readdirSync(tmp));
    const { code, results } = await runAutograder(root);
    expect(code).toBe(0);
    // The designed tiny model answers 4 of the 5 hidden cases (see grade-local-models.test.ts).
    expect(results?.score).toBe(8);
    expect(results?.visibility).toBe('visible');
    expect(results?.output).toContain('4 of 5 cases right.');
    expect(new Set(fs.readdirSync(tmp))).toEqual(before);
  }, 120_000);

  it("a student's broken program gets student-facing feedback", async () => {
    const root = gradescopeRoot('broken-program', { 'program.json': '{"kind": "text", ' });
    const { results } = await runAutograder(root);
    expect(results?.visibility).toBe('visible');
    expect(results?.score).toBe(0);
    expect(results?.output).toMatch(/program\.json is not valid JSON[\s\S]*submit again/);
  }, 120_000);

  it('a model whose files were not packaged is a setup error: hidden, addressed to staff, non-zero exit', async () => {
    // gpt2 is allowed by the task but its files were not bundled (only distilgpt2 was).
    const root = gradescopeRoot('missing-model', { 'program.json': JSON.stringify({ ...program, model: 'gpt2' }) });
    const { code, results } = await runAutograder(root);
    expect(code).not.toBe(0);
    expect(results?.visibility).toBe('hidden');
    expect(results?.output).toMatch(/^\*\*For the course staff/);
    expect(results?.output).not.toMatch(/submit again/);
    expect(results?.tests?.every((t) => t.visibility === 'hidden')).toBe(true);
  }, 120_000);

  it("a broken task in the package is a setup error, not the student's", async () => {
    const root = gradescopeRoot('broken-task', { 'program.json': JSON.stringify(program) });
    fs.writeFileSync(path.join(root, 'source', 'tasks', 'next-letter', 'task.yaml'), 'id: next-letter\nmodels: 3\n');
    const { code, results } = await runAutograder(root);
    expect(code).not.toBe(0);
    expect(results?.visibility).toBe('hidden');
    expect(results?.output).toMatch(/next-letter/);
  }, 120_000);
});

describe('sandbox gradescope package for an API model', () => {
  it('--env-file puts only the key the task needs into the zip; graded through the API, and without the key it is a staff-only setup error', async () => {
    const task = loadFixtureTask('sentiment');
    const server = await startFakeOpenAIServer({ apiKey: 'k-gradescope', respond: sentimentOracle(task, new Set()) });
    try {
      fs.writeFileSync(path.join(tmp, 'models.api.yaml'), modelsYamlFor(server.url));
      fs.writeFileSync(path.join(tmp, 'staff.env'), 'FAKE_OPENAI_KEY=k-gradescope\nUNRELATED_SECRET=do-not-ship\n');
      const packageEnv = {
        ...env,
        SANDBOX_MODELS_CONFIG: path.join(tmp, 'models.api.yaml'),
        SANDBOX_TASKS_DIR: fixtureTasksDir,
        SANDBOX_DATA_DIR: path.join(tmp, 'data-api'),
        NO_COLOR: '1',
      };
      const keyed = path.join(tmp, 'keyed.zip');
      const built = await exec(
        'node',
        ['bin/sandbox.js', 'gradescope', 'package', '--task', 'sentiment', '--env-file', path.join(tmp, 'staff.env'), '--out', keyed],
        { cwd: repoRoot, env: packageEnv },
      );
      expect(built.code).toBe(0);
      expect(built.stdout).toContain("API keys in the zip's .env: FAKE_OPENAI_KEY");
      const dotEnv = readZip(keyed).find((e) => e.name === '.env')!;
      expect(dotEnv.data.toString()).toBe('FAKE_OPENAI_KEY=k-gradescope\n');
      expect(dotEnv.mode).toBe(0o600);

      const ok = await runAutograder(gradescopeRoot('api-ok', { 'program.json': JSON.stringify(chatProgram) }, keyed));
      expect(ok.code).toBe(0);
      expect(ok.results?.score).toBe(10);
      expect(ok.results?.visibility).toBe('visible');

      const unkeyed = path.join(tmp, 'unkeyed.zip');
      expect(
        (await exec('node', ['bin/sandbox.js', 'gradescope', 'package', '--task', 'sentiment', '--out', unkeyed], { cwd: repoRoot, env: packageEnv })).code,
      ).toBe(0);
      const noKey = await runAutograder(gradescopeRoot('api-no-key', { 'program.json': JSON.stringify(chatProgram) }, unkeyed));
      expect(noKey.code).not.toBe(0);
      expect(noKey.results?.visibility).toBe('hidden');
      expect(noKey.results?.output).toMatch(/set FAKE_OPENAI_KEY/);
    } finally {
      await server.close();
    }
  }, 180_000);
});
