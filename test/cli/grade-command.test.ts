// `sandbox grade` as a user runs it: a child process, the real CLI entry, the fake
// OpenAI-compatible server over HTTP, results.json checked against Gradescope's format.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confineToRoot, gradescopeRoot, isInside } from '../../server/cli/commands/grade.js';
import { loadConfig } from '../../server/config.js';
import { GradescopeResultsSchema } from '../../server/grading/gradescope-schema.js';
import { type CliFixture, startCliFixture } from '../../testkit/cli-fixture.js';
import { chatProgram, loadFixtureTask } from '../../testkit/sentiment-fixture.js';

const _run = promisify(execFile);
const task = loadFixtureTask('sentiment');
const hiddenInputs = task.test.map((c) => c.inputs.review!);

let cli: CliFixture;
let tmp: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  cli = await startCliFixture({ apiKey: 'k-cli', wrongOn: new Set([hiddenInputs[0]!]) });
  ({ tmp, env } = cli);
});
afterAll(() => cli.close());

const sandbox = (args: string[]) => cli.sandbox(args);

function writeJson(name: string, value: unknown): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

function expectNoHiddenData(text: string) {
  for (const input of hiddenInputs) expect(text).not.toContain(input);
}

describe('sandbox grade', () => {
  it('grades the hidden split and writes a valid Gradescope results.json with aggregates only', async () => {
    const out = path.join(tmp, 'results.json');
    const result = await sandbox(['grade', '--task', 'sentiment', '--submission', writeJson('program.json', chatProgram), '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Task sentiment (version 1), model gpt-4o-mini, hidden test split: 32 cases.');
    expect(result.stdout).toContain('31 of 32 cases right.');
    const text = fs.readFileSync(out, 'utf8');
    const results = GradescopeResultsSchema.parse(JSON.parse(text));
    // One review of 32 wrong: F1(pos) = 30/31, F1(neg) = 32/33; macro-F1 = 0.9687...
    const expectedMetric = (30 / 31 + 32 / 33) / 2;
    expect(results.score).toBe(10);
    expect(results.tests?.[0]).toMatchObject({ name: 'Overall metric (macro-f1)', score: 10, max_score: 10, status: 'passed' });
    expect(results.tests?.[1]).toMatchObject({ name: 'Evaluator label', max_score: 0 });
    expect(results.leaderboard).toEqual([{ name: 'macro-f1', value: Math.round(expectedMetric * 10_000) / 10_000, order: 'desc' }]);
    expect(results.visibility).toBe('visible');
    expectNoHiddenData(text);
    expectNoHiddenData(result.stdout);
  });

  it('prints per-case lines for the dev split', async () => {
    const result = await sandbox(['grade', '--task', 'sentiment', '--submission', writeJson('program.json', chatProgram), '--split', 'dev']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ok {3}dev-001 +positive \(expected "positive"\)/);
  });

  it('--gradescope reads /autograder/submission and writes /autograder/results/results.json', async () => {
    const root = path.join(tmp, 'autograder');
    fs.mkdirSync(path.join(root, 'submission'), { recursive: true });
    fs.writeFileSync(path.join(root, 'submission', 'my-program.json'), JSON.stringify(chatProgram));
    // The configured data directory is outside the root: the cache stays in memory, nothing is written there.
    const saved = env.SANDBOX_DATA_DIR;
    env.SANDBOX_DATA_DIR = path.join(tmp, 'data-outside-root');
    const result = await sandbox(['grade', '--gradescope', '--gradescope-root', root]);
    env.SANDBOX_DATA_DIR = saved;
    expect(fs.existsSync(path.join(tmp, 'data-outside-root'))).toBe(false);
    expect(result.code).toBe(0);
    const results = GradescopeResultsSchema.parse(JSON.parse(fs.readFileSync(path.join(root, 'results', 'results.json'), 'utf8')));
    expect(results.score).toBe(10);
  });

  it('--gradescope writes nothing outside the given root: --out elsewhere is refused before grading', async () => {
    const root = path.join(tmp, 'autograder-out');
    fs.mkdirSync(path.join(root, 'submission'), { recursive: true });
    fs.writeFileSync(path.join(root, 'submission', 'program.json'), JSON.stringify(chatProgram));
    const outside = path.join(tmp, 'outside.json');
    const result = await sandbox(['grade', '--gradescope', '--gradescope-root', root, '--out', outside]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nothing is written outside/);
    expect(fs.existsSync(outside)).toBe(false);
    expect(fs.existsSync(path.join(root, 'results'))).toBe(false);
  });

  it('without --gradescope-root, /autograder is used only where it exists (on Gradescope)', () => {
    expect(() => gradescopeRoot(undefined, () => false)).toThrow(/not a Gradescope container; pass --gradescope-root DIR/);
    expect(gradescopeRoot(undefined, (dir) => dir === '/autograder/submission')).toBe('/autograder');
    expect(gradescopeRoot('rel/root', () => true)).toBe(path.resolve('rel/root'));
    expect(() => gradescopeRoot('/no/such/root', () => false)).toThrow(/no such folder/);
  });

  it('confines a Gradescope run to its root: the cache outside it goes to memory, models outside it are not downloaded', () => {
    expect(isInside('/ag', '/ag/source/data/sandbox.db')).toBe(true);
    expect(isInside('/ag', '/ag/../etc/x')).toBe(false);
    expect(isInside('/ag', '/agx/y')).toBe(false);
    const outside = confineToRoot('/ag', loadConfig({ SANDBOX_DATA_DIR: '/var/data', SANDBOX_MODELS_DIR: '/opt/models' }, '/'));
    expect([outside.databasePath, outside.database, outside.offline]).toEqual([':memory:', { kind: 'sqlite', path: ':memory:' }, true]);
    const inside = confineToRoot('/ag', loadConfig({ SANDBOX_DATA_DIR: '/ag/source/data', SANDBOX_MODELS_DIR: '/ag/source/models' }, '/'));
    expect([inside.database, inside.offline]).toEqual([{ kind: 'sqlite', path: '/ag/source/data/sandbox.db' }, false]);
    // A course's PostgreSQL database is never reached from a Gradescope container.
    const shared = confineToRoot('/ag', loadConfig({ DATABASE_URL: 'postgres://sandbox@db/course' }, '/'));
    expect(shared.database).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  const bad: [string, unknown, RegExp][] = [
    ['invalid JSON', '{"kind": "text", ', /program\.json is not valid JSON/],
    ['the wrong task', { ...chatProgram, task: 'arithmetic' }, /this program was written for task "arithmetic", not "sentiment"/],
    ['decoding over the task limits', { ...chatProgram, decoding: { maxTokens: 500 } }, /decoding\.maxTokens is 500; this task allows at most 16/],
    ['an unknown task', { ...chatProgram, task: 'no-such-task' }, /no task "no-such-task"/],
  ];
  for (const [what, program, message] of bad) {
    it(`a submission with ${what} gets 0 points and a clear message, not a stack trace`, async () => {
      const out = path.join(tmp, `bad-${what.replace(/\W+/g, '-')}.json`);
      const taskFlag = what === 'an unknown task' ? [] : ['--task', 'sentiment'];
      const result = await sandbox(['grade', ...taskFlag, '--submission', writeJson('program.json', program), '--out', out]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      const results = GradescopeResultsSchema.parse(JSON.parse(fs.readFileSync(out, 'utf8')));
      expect(results.score).toBe(0);
      expect(results.output).toMatch(message);
      expect(results.tests?.[0]).toMatchObject({ status: 'failed', score: 0 });
    });
  }

  it("a missing API key is the staff's problem: results hidden from the student, addressed to staff, no zero shown", async () => {
    const out = path.join(tmp, 'nokey.json');
    const saved = env.FAKE_OPENAI_KEY;
    delete env.FAKE_OPENAI_KEY;
    const result = await sandbox(['grade', '--task', 'sentiment', '--submission', writeJson('program.json', chatProgram), '--out', out]);
    env.FAKE_OPENAI_KEY = saved;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/set FAKE_OPENAI_KEY in the environment or \.env to use model gpt-4o-mini/);
    const results = GradescopeResultsSchema.parse(JSON.parse(fs.readFileSync(out, 'utf8')));
    // Gradescope: visibility "hidden" shows the result to instructors only.
    expect(results.visibility).toBe('hidden');
    expect(results.tests?.every((test) => test.visibility === 'hidden' && test.max_score === 0)).toBe(true);
    expect(results.output).toMatch(/^\*\*For the course staff: the autograder is not set up correctly \(configuration\)/);
    expect(results.output).toMatch(/set FAKE_OPENAI_KEY/);
    expect(results.output).not.toMatch(/submit again/);
    expect(results.extra_data).toMatchObject({ setupError: true });
  });
});
