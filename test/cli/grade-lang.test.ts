// `sandbox grade` writes results.json in the student's language: `--lang zh-CN`, or the task's
// `gradescope: { language: zh-CN }` when no flag is given, with the lateness line in Chinese too;
// the terminal stays English for operators, and no hidden case appears in either language.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GradescopeResultsSchema } from '../../server/grading/gradescope-schema.js';
import { type CliFixture, startCliFixture } from '../../testkit/cli-fixture.js';
import { chatProgram, fixtureTasksDir, loadFixtureTask } from '../../testkit/sentiment-fixture.js';

const _run = promisify(execFile);
const task = loadFixtureTask('sentiment');
const hiddenInputs = task.test.map((c) => c.inputs.review!);

let cli: CliFixture;
let tmp: string;

/** A tasks folder with the fixture's sentiment task (optionally defaulting to Chinese) and an assignment with a due date. */
function tasksDir(name: string, language: string | null): string {
  const dir = path.join(tmp, name);
  fs.cpSync(path.join(fixtureTasksDir, 'sentiment'), path.join(dir, 'sentiment'), { recursive: true });
  if (language) fs.appendFileSync(path.join(dir, 'sentiment', 'task.yaml'), `\ngradescope: { language: ${language} }\n`);
  fs.mkdirSync(path.join(dir, 'assignments'));
  fs.writeFileSync(
    path.join(dir, 'assignments', 'a.yaml'),
    'id: a\ntitle: A\ntimeZone: America/Los_Angeles\ngrace: 15m\nlate: { kind: per-day, percent: 10, cap: 50 }\ncounts: best\ntasks:\n  - { task: sentiment, points: 10, due: "2027-01-22T23:59:00-08:00" }\n',
  );
  return dir;
}

/** A Gradescope root with the program and metadata of a submission 1 day 5 hours late. */
function autograderRoot(name: string): string {
  const root = path.join(tmp, name);
  fs.mkdirSync(path.join(root, 'submission'), { recursive: true });
  fs.writeFileSync(path.join(root, 'submission', 'program.json'), JSON.stringify(chatProgram));
  const assignment = { due_date: '2027-01-22T23:59:00.000000-08:00', late_due_date: null };
  fs.writeFileSync(
    path.join(root, 'submission_metadata.json'),
    JSON.stringify({ created_at: '2027-01-24T05:00:00.000000-08:00', assignment, users: [{ assignment }] }),
  );
  return root;
}

function grade(args: string[], tasks: string) {
  return cli.sandbox(['grade', ...args], { SANDBOX_TASKS_DIR: tasks });
}

const readResults = (root: string) => GradescopeResultsSchema.parse(JSON.parse(fs.readFileSync(path.join(root, 'results', 'results.json'), 'utf8')));

beforeAll(async () => {
  cli = await startCliFixture({ apiKey: 'k-lang', wrongOn: new Set([hiddenInputs[0]!]) });
  tmp = cli.tmp;
});
afterAll(() => cli.close());

describe('sandbox grade --lang', () => {
  it('--lang zh-CN writes the results in Chinese, lateness included; the terminal stays English', async () => {
    const root = autograderRoot('ag-zh');
    const result = await grade(['--gradescope', '--gradescope-root', root, '--task', 'sentiment', '--lang', 'zh-CN'], tasksDir('tasks-en', null));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Task sentiment (version 1), model gpt-4o-mini, hidden test split: 32 cases.');
    const results = readResults(root);
    expect(results.score).toBe(8);
    expect(results.output).toMatch(/^在截止时间（2027年1月22日周五.*23:59）之后 1 天 5 小时提交：扣 20% 迟交分，得分从 10 变为 8。/);
    expect(results.output).toContain('任务 sentiment（版本 1），模型 gpt-4o-mini，隐藏测试集：共 32 个案例。');
    expect(results.output).toContain('答对 31 / 32 个案例。');
    expect(results.output).not.toContain('cases right');
    expect(results.tests?.[0]?.name).toBe('总指标（macro-f1）');
    expect(results.tests?.[1]).toMatchObject({ name: '评估器 label', output: expect.stringMatching(/^平均 96\.9%；32 个案例中完全正确 31 个。权重 1。$/) });
    const text = JSON.stringify(results);
    for (const input of hiddenInputs) expect(text).not.toContain(input);
  });

  it("follows the task's gradescope.language without a flag, and --lang en overrides it", async () => {
    const tasks = tasksDir('tasks-zh', 'zh-CN');
    const byTask = autograderRoot('ag-task');
    expect((await grade(['--gradescope', '--gradescope-root', byTask, '--task', 'sentiment'], tasks)).code).toBe(0);
    expect(readResults(byTask).output).toContain('答对 31 / 32 个案例。');
    const english = autograderRoot('ag-en');
    expect((await grade(['--gradescope', '--gradescope-root', english, '--task', 'sentiment', '--lang', 'en'], tasks)).code).toBe(0);
    const output = readResults(english).output ?? '';
    expect(output).toMatch(/^Submitted 1 d 5 h after the due date \(Fri, Jan 22, 2027, 11:59\sPM PST\): 20% late penalty, 10 -> 8 points\./);
    expect(output).toContain('31 of 32 cases right.');
  });

  it('an invalid program is refused in Chinese, by code', async () => {
    const root = autograderRoot('ag-bad');
    fs.writeFileSync(path.join(root, 'submission', 'program.json'), JSON.stringify({ ...chatProgram, decoding: { temperature: 'hot' } }));
    const result = await grade(['--gradescope', '--gradescope-root', root, '--task', 'sentiment', '--lang', 'zh-CN'], tasksDir('tasks-bad', null));
    expect(result.code).toBe(1);
    const results = readResults(root);
    expect(results.score).toBe(0);
    expect(results.output).toContain('你的提交无法评分：');
    expect(results.output).toContain('decoding.temperature：类型不对，这里应为 number。');
  });

  it('refuses an unknown --lang', async () => {
    const result = await grade(['--task', 'sentiment', '--submission', 'x.json', '--lang', 'fr'], tasksDir('tasks-fr', null));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/lang/);
  });
});
