// The fixture tasks for local models (test/fixtures/local-tasks/), designed for the tiny models of
// test/fixtures/models.tiny.yaml so every grade is known exactly (see each task's README.md).
import path from 'node:path';
import { evaluatorNames, getEvaluator } from '../../evaluators/index.js';
import { createCatalog } from '../../server/catalog/catalog.js';
import type { Task } from '../../server/core/task.js';

export const localTasksDir = path.resolve(import.meta.dirname, '../fixtures/local-tasks');

export function loadLocalTask(id: string): Task {
  return createCatalog({ tasksDir: localTasksDir, getEvaluator, evaluatorNames: evaluatorNames() }).task(id);
}

/** Every class named by itself; the templates decide the prompts. */
export function coloursProgram(templates: string[]) {
  const labels = Object.fromEntries(['red', 'green', 'blue', 'yellow', 'white'].map((label) => [label, [label]]));
  return { kind: 'image-text', task: 'colours', model: 'clip-vit-base-patch32', labels, templates } as const;
}
