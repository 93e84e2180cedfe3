// `sandbox tasks check` as staff and CI run it: a child process, the real CLI, the shipped tasks and
// models.yaml with no API key and no local model files, so reference-vs-baseline must say NOT RUN.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { repoRoot, sentimentOracle } from '../../testkit/sentiment-fixture.js';
import { getEvaluator } from '../../evaluators/index.js';
import { shippedCatalog } from '../tasks/shipped-tasks.js';

const run = promisify(execFile);
let tmp: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tasks-check-'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SANDBOX_')));
  // An empty key overrides any .env file: the check must not reach a real model from a test.
  env = {
    ...clean,
    OPENAI_API_KEY: '',
    SANDBOX_MODELS_DIR: path.join(tmp, 'models'),
    SANDBOX_DATA_DIR: path.join(tmp, 'data'),
    SANDBOX_OFFLINE: '1',
    NO_COLOR: '1',
  };
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function tasksCheck(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/sandbox.js', 'tasks', 'check', ...args], { cwd: repoRoot, env: { ...env, ...extraEnv } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('sandbox tasks check on the shipped tasks', () => {
  const assignment = parse(fs.readFileSync(path.join(repoRoot, 'tasks/assignments/early-assignment.yaml'), 'utf8')) as { tasks: { task: string }[] };
  const taskIds = assignment.tasks.map((entry) => entry.task);
  const catalog = shippedCatalog();
  const studyTasks = new Set(taskIds.filter((id) => catalog.task(id).study));

  it('passes for the whole early assignment, oracle included, and says NOT RUN for reference-vs-baseline', async () => {
    const result = await tasksCheck([]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(taskIds.length).toBeGreaterThanOrEqual(11);
    for (const id of taskIds) {
      const block = result.stdout.split(/\n(?=\S)/).find((chunk) => chunk.startsWith(`ok   ${id} (`));
      expect(block, `no ok block for ${id} in:\n${result.stdout}`).toBeDefined();
      expect(block).toMatch(/ok +case counts: \d+ dev and \d+ test cases/);
      expect(block).toMatch(/ok +description: the student description quotes no hidden test case \(read in en, zh-CN\)/);
      expect(block).toMatch(/ok +description numbers: the description states the baseline [\d.]+ and the target [\d.]+ \(in en, zh-CN\)/);
      const judged = catalog.task(id).evaluators.every((use) => getEvaluator(use.name)?.judged);
      expect(block).toMatch(
        judged
          ? /n\/a +oracle: every evaluator asks a judge model: see judge calibration and judge manipulation/
          : /ok +oracle: expected answers get full marks on all \d+ cases; corrupted answers score low/,
      );
      // Issue 13: a judged task's judge steps say NOT RUN without a usable judge; the others are n/a.
      for (const judgeStep of ['judge calibration', 'judge manipulation'])
        expect(block).toMatch(
          judged
            ? new RegExp(`NOT RUN +${judgeStep}: no usable judge model \\(model \\S+ needs OPENAI_API_KEY, which is not set\\)`)
            : new RegExp(`n/a +${judgeStep}: no evaluator of this task asks a judge model`),
        );
      // Issue 15: budgets within every model's context, no near-duplicate cases.
      const task = catalog.task(id);
      expect(block).toMatch(
        task.modality === 'text' ? /ok +context fits: prompt \d+ \+ output \d+ = \d+ tokens fits every allowed model/ : /n\/a +context fits/,
      );
      expect(block).toMatch(
        task.modality === 'image-text' && task.mode === 'classify' ? /n\/a +near duplicates/ : /ok +near duplicates: no dev\/test or test\/test inputs/,
      );
      // Study tasks take several programs per submission: no single reference to compare.
      if (studyTasks.has(id)) continue;
      expect(block).toMatch(/ok +staff programs: reference\.json and baseline\.json are prompt programs valid for the task/);
      expect(block).toMatch(
        /NOT RUN +reference beats baseline: no real model to grade them on dev \(model \S+ (needs OPENAI_API_KEY, which is not set|is local and its files are not in)/,
      );
    }
    expect(result.stdout).toContain('ok   assignments/early-assignment.yaml');
    // No shipped task carries a warning: fair targets, unambiguous cases, paired study roles.
    expect(result.stdout).not.toMatch(/WARN|Warnings for/);
    expect(result.stdout).toMatch(/ok +study rules: 4 roles on allowed models; 2 pair\(s\) of one family \(small\/larger, base\/instruction-tuned\)/);
    expect(result.stdout).toMatch(/ok +human ceiling: each reference scored against the others \(mean\): dev 0\.463, test 0\.431; target 0\.4/);
    expect(result.stdout).toMatch(/NOT RUN +retrieval ambiguity: no real model to rank the galleries with/);
    expect(result.stdout).toContain('Retrieval ambiguity was NOT RUN for 1 task(s): text-to-image-retrieval.');
    expect(result.stdout).toMatch(/All \d+ checked, no problems\./);
    expect(result.stdout).toMatch(/Reference beats baseline was NOT RUN for \d+ task\(s\)/);
    // Nothing ran, so no database was opened.
    expect(fs.existsSync(path.join(tmp, 'data'))).toBe(false);
  });

  it('--no-run says why reference-vs-baseline did not run', async () => {
    const result = await tasksCheck(['--no-run', 'sentiment']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/NOT RUN +reference beats baseline: no real model to grade them on dev \(--no-run was given\)/);
    expect(result.stdout).toContain('All 1 checked, no problems.');
  });
});

describe('sandbox tasks check on broken tasks', () => {
  it('fails the frozen fixture tasks: too few hidden cases and no staff programs', async () => {
    const result = await tasksCheck(['sentiment'], { SANDBOX_TASKS_DIR: 'test/fixtures/tasks' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL sentiment');
    expect(result.stdout).toContain('the test split has 32 cases; at least 50 are required');
    expect(result.stdout).toContain('test/fixtures/tasks/sentiment/reference.json: file is missing (the staff reference program)');
    expect(result.stdout).toMatch(/NOT RUN +reference beats baseline: the staff programs are not valid/);
    expect(result.stdout).toContain('1 of 1 checked with problems.');
  });

  it('fails with file-and-place problems on a broken tasks folder', async () => {
    const result = await tasksCheck([], { SANDBOX_TASKS_DIR: 'test/fixtures/broken-tasks' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('test/fixtures/broken-tasks/bad-label/test.jsonl line 3: "label" must be one of positive, negative');
  });

  it('fails a Chinese README that quotes a hidden case or states another target', async () => {
    // A copy of the frozen fixture with a Chinese README written carelessly: it quotes a hidden review
    // and promises full points at 0.85 (task.yaml says 0.9).
    const tasksDir = path.join(tmp, 'translated-tasks');
    fs.cpSync(path.join(repoRoot, 'test/fixtures/tasks/sentiment'), path.join(tasksDir, 'sentiment'), { recursive: true });
    const hidden = JSON.parse(fs.readFileSync(path.join(tasksDir, 'sentiment/test.jsonl'), 'utf8').split('\n')[2]!) as { id?: string; review: string };
    fs.writeFileSync(
      path.join(tasksDir, 'sentiment/README.zh-CN.md'),
      `# 短评情感分类\n\n例如：「${hidden.review}」\n\n指标在 0.50（随机水平）及以下得 0 分，达到 0.85 及以上得满分（10 分）。\n`,
    );
    const result = await tasksCheck(['sentiment'], { SANDBOX_TASKS_DIR: tasksDir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL sentiment');
    expect(result.stdout).toMatch(/FAIL +description: the student description must not quote hidden test cases/);
    expect(result.stdout).toMatch(/README\.zh-CN\.md or description \(zh-CN\) quotes hidden test case\(s\) \S+; use dev cases as examples/);
    expect(result.stdout).toMatch(/FAIL +description numbers: every language version of the description must state the same baseline and target/);
    expect(result.stdout).toContain('README.zh-CN.md does not state the target 0.9 of task.yaml (points.target)');
    expect(result.stdout).toContain('README.zh-CN.md states 0.85, which README.md does not');
    // The report names the case by id only: it may be pasted where students read it.
    expect(result.stdout).not.toContain(hidden.review);
  });

  it("warns, without failing, on a target above the human ceiling; fails budgets over a model's context", async () => {
    // Copies of two shipped tasks with the settings issue 15 found: translation's old target (0.55)
    // and 1024 prompt tokens plus 16 output tokens on gpt2 (1024 tokens in all).
    const dir = path.join(tmp, 'issue-15-tasks');
    for (const id of ['translation', 'nli']) fs.cpSync(path.join(repoRoot, 'tasks', id), path.join(dir, id), { recursive: true });
    const edit = (id: string, from: RegExp, to: string) => {
      const file = path.join(dir, id, 'task.yaml');
      const text = fs.readFileSync(file, 'utf8');
      expect(text).toMatch(from);
      fs.writeFileSync(file, text.replace(from, to));
    };
    edit('translation', /target: 0\.4\b/, 'target: 0.55');
    // The descriptions state the target too (the description numbers step compares them).
    for (const readme of ['README.md', 'README.zh-CN.md']) {
      const file = path.join(dir, 'translation', readme);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('0.40', '0.55'));
    }
    edit('nli', /maxPromptTokens: 1000/, 'maxPromptTokens: 1024');

    const warned = await tasksCheck(['--no-run', 'translation'], { SANDBOX_TASKS_DIR: dir });
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('ok   translation (text');
    expect(warned.stdout).toMatch(/WARN +human ceiling: each reference scored against the others \(mean\): dev 0\.463, test 0\.431; target 0\.55/);
    expect(warned.stdout).toMatch(/the target \(0\.55\) is above the human ceiling of the test split \(0\.431\)/);
    expect(warned.stdout).toContain('All 1 checked, no problems.');
    expect(warned.stdout).toContain('Warnings for 1 task(s): translation. They do not fail the check; read them.');

    const failed = await tasksCheck(['--no-run', 'nli'], { SANDBOX_TASKS_DIR: dir });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('FAIL nli');
    expect(failed.stdout).toMatch(/FAIL +context fits: prompt 1024 \+ output 16 = 1040 tokens must fit every allowed model's context/);
    expect(failed.stdout).toContain(
      'gpt2 reads 1024 tokens in all (models.yaml contextTokens), but limits allow a prompt of 1024 plus 16 output tokens (1040); lower limits.maxPromptTokens to 1008 or less, or drop the model',
    );
  });

  it('says which task ids exist when given an unknown one', async () => {
    const result = await tasksCheck(['nope'], { SANDBOX_TASKS_DIR: 'test/fixtures/tasks' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No task folder named nope\. Task folders: arithmetic, sentiment, sentiment-study/);
  });
});

describe('sandbox tasks check with a model available', () => {
  let server: FakeOpenAIServer;
  let modelsYaml: string;

  beforeAll(async () => {
    // Answers the true label when the prompt shows "Review: <text>", as the shipped reference does.
    const sentiment = shippedCatalog().task('sentiment');
    server = await startFakeOpenAIServer({ apiKey: 'k-check', respond: sentimentOracle(sentiment, new Set()) });
    modelsYaml = path.join(tmp, 'models.yaml');
    const ids = sentiment.models.map(
      (id) =>
        `  - { id: ${id}, provider: fake, kind: text, style: ${id === 'gpt-4o-mini' || id === 'gpt-4.1-mini' || id.endsWith('-chat') ? 'chat' : 'completion'} }`,
    );
    fs.writeFileSync(modelsYaml, `providers:\n  fake: { type: openai, baseURL: ${server.url}, apiKeyEnv: FAKE_OPENAI_KEY }\nmodels:\n${ids.join('\n')}\n`);
  });
  afterAll(() => server.close());

  it('grades the reference and the baseline on dev and reports that the reference wins', async () => {
    const result = await tasksCheck(['sentiment'], {
      SANDBOX_MODELS_CONFIG: modelsYaml,
      FAKE_OPENAI_KEY: 'k-check',
      SANDBOX_DATA_DIR: path.join(tmp, 'data-run'),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /ok +reference beats baseline: macro-f1 on 22 dev cases: reference 1\.000 \(gpt-4o-mini\) vs baseline 0\.000 \(gpt-4o-mini\)/,
    );
    expect(result.stdout).toContain('Reference beats baseline ran for 1 task(s).');
    expect(result.stdout).not.toContain('NOT RUN');
    // Responses were cached in the sandbox database.
    expect(fs.existsSync(path.join(tmp, 'data-run', 'sandbox.db'))).toBe(true);
  });
});
