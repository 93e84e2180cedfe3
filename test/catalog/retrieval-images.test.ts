// Retrieval cases expect gallery images: the loader checks that each expected file exists (and
// never names a hidden one), as it already does for the images classification cases show.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluatorNames, getEvaluator } from '../../evaluators/index.js';
import { loadTaskDir } from '../../server/catalog/load-task.js';
import { shippedTasksDir } from '../tasks/shipped-tasks.js';

const root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'retrieval-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('retrieval tasks', () => {
  it('report expected images that are not in images/, hiding test file names', () => {
    const dir = path.join(root, 'text-to-image-retrieval');
    fs.cpSync(path.join(shippedTasksDir, 'text-to-image-retrieval'), dir, { recursive: true });
    fs.appendFileSync(path.join(dir, 'dev.jsonl'), '{"id": "dev-extra", "query": "a purple unicorn", "image": "img-999.png"}\n');
    fs.appendFileSync(
      path.join(dir, 'test.jsonl'),
      '{"id": "test-extra", "query": "a secret query", "image": ["img-001.png", "secret.png"]}\n{"id": "test-odd", "query": "a list of numbers", "image": [7]}\n',
    );
    const { task, problems } = loadTaskDir(dir, { getEvaluator, evaluatorNames: evaluatorNames(), displayRoot: root });
    expect(task).toBeNull();
    expect(problems).toEqual([
      'text-to-image-retrieval/dev.jsonl line 25: "image": images/img-999.png does not exist',
      'text-to-image-retrieval/test.jsonl line 53: "image": images/<hidden file> does not exist',
      'text-to-image-retrieval/test.jsonl line 54: "image" must name image files in images/',
    ]);
  });

  it('load the shipped retrieval task with every gallery image present', () => {
    const { task, problems } = loadTaskDir(path.join(shippedTasksDir, 'text-to-image-retrieval'), { getEvaluator, evaluatorNames: evaluatorNames() });
    expect(problems).toEqual([]);
    expect(task?.mode).toBe('retrieve');
  });
});
