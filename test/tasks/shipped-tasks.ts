// The shipped tasks (tasks/), their staff programs and the early assignment, loaded as the CLI
// loads them, for tests that check the real data rather than frozen fixtures.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { evaluatorNames, getEvaluator } from '../../evaluators/index.js';
import { createCatalog, type Catalog } from '../../server/catalog/catalog.js';
import type { PromptProgram } from '../../server/core/prompt-program.js';
import type { Task } from '../../server/core/task.js';
import { parseProgram } from '../../server/grading/parse-program.js';
import type { StudyProgram } from '../../server/core/study.js';
import { StudyProgramSchema } from '../../server/core/study.js';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const shippedTasksDir = path.join(repoRoot, 'tasks');

export function shippedCatalog(): Catalog {
  return createCatalog({ tasksDir: shippedTasksDir, getEvaluator, evaluatorNames: evaluatorNames(), displayRoot: repoRoot });
}

/** Task ids of the early assignment, in its order. */
export function earlyAssignmentTaskIds(): string[] {
  const file = path.join(shippedTasksDir, 'assignments/early-assignment.yaml');
  return (parse(fs.readFileSync(file, 'utf8')) as { tasks: { task: string }[] }).tasks.map((entry) => entry.task);
}

export function staffProgram(task: Task, name: 'reference' | 'baseline'): PromptProgram {
  return parseProgram(JSON.parse(fs.readFileSync(path.join(task.dir, `${name}.json`), 'utf8')));
}

export function staffStudy(task: Task, name: 'reference' | 'baseline'): StudyProgram {
  return StudyProgramSchema.parse(JSON.parse(fs.readFileSync(path.join(task.dir, `${name}.json`), 'utf8')));
}
