import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatorNames, getEvaluator } from '../../evaluators/index.js';
import { loadTaskDir } from '../../server/catalog/load-task.js';
import { createCatalog } from '../../server/catalog/catalog.js';

const root = path.resolve(import.meta.dirname, '../..');
const brokenDir = path.join(root, 'test/fixtures/broken-tasks');
const options = { getEvaluator, evaluatorNames: evaluatorNames(), knownModels: ['fake-chat'], displayRoot: root };

describe('broken task folders', () => {
  const folders = fs.readdirSync(brokenDir).sort();

  it('has a fixture for each kind of mistake staff make', () => {
    expect(folders.length).toBeGreaterThanOrEqual(12);
  });

  for (const folder of folders) {
    it(`${folder} fails with its file-and-place message`, () => {
      const expected = fs.readFileSync(path.join(brokenDir, folder, 'expected-problem.txt'), 'utf8').trim();
      const { task, problems } = loadTaskDir(path.join(brokenDir, folder), options);
      expect(task).toBeNull();
      expect(
        problems.some((problem) => problem.startsWith(expected)),
        `problems were:\n${problems.join('\n')}`,
      ).toBe(true);
    });
  }
});

describe('the shipped tasks', () => {
  it('all load without problems', () => {
    const catalog = createCatalog({ ...options, knownModels: undefined, tasksDir: path.join(root, 'tasks') });
    const problems = catalog.checks().flatMap((check) => check.problems);
    expect(problems).toEqual([]);
    expect(catalog.tasks().length).toBeGreaterThanOrEqual(2);
  });

  it('normalises cases: inputs by field, expected, extra fields kept', () => {
    const catalog = createCatalog({ ...options, knownModels: undefined, tasksDir: path.join(root, 'test/fixtures/tasks') });
    const task = catalog.task('arithmetic');
    expect(task.dev[0]).toMatchObject({
      id: 'dev-001',
      split: 'dev',
      inputs: { question: 'What is 96 plus 26?' },
      expected: 122,
      extra: { operation: '2-digit addition' },
    });
    expect(task.test).toHaveLength(60);
  });

  it('reports an unknown task id with the known ones', () => {
    const catalog = createCatalog({ ...options, knownModels: undefined, tasksDir: path.join(root, 'test/fixtures/tasks') });
    expect(() => catalog.task('nope')).toThrow(/no task "nope"; known tasks: arithmetic, sentiment/);
  });
});

describe('a task with several problems', () => {
  it('reports all of them at once', () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'task-'));
    const taskDir = path.join(dir, 'multi');
    fs.mkdirSync(taskDir);
    fs.writeFileSync(
      path.join(taskDir, 'task.yaml'),
      fs.readFileSync(path.join(brokenDir, 'bad-label/task.yaml'), 'utf8').replace('id: bad-label', 'id: multi'),
    );
    fs.writeFileSync(path.join(taskDir, 'dev.jsonl'), '{"review": "ok", "label": "maybe"}\n{"review": 3, "label": "positive"}\n');
    fs.writeFileSync(path.join(taskDir, 'test.jsonl'), 'not json\n');
    const { problems } = loadTaskDir(taskDir, { ...options, displayRoot: dir });
    expect(problems).toEqual([
      'multi/dev.jsonl line 1: "label" must be one of positive, negative',
      'multi/dev.jsonl line 2: "review" must be a string',
      expect.stringMatching(/^multi\/test\.jsonl line 1: not valid JSON/),
    ]);
  });
});
