// The catalog: every task folder and assignment file under the tasks directory, validated.
// Loading is eager and happens once at start-up (tasks are small) so a bad task is found before
// any student meets it.
import fs from 'node:fs';
import path from 'node:path';
import { NotFound, TaskError } from '../core/errors.js';
import type { Assignment, Task } from '../core/task.js';
import type { Deadline } from '../shared/late-policy.js';
import { loadAssignmentFile } from './load-assignment.js';
import { loadTaskDir, type LoadTaskOptions } from './load-task.js';
import { NO_DEADLINE, resolveDeadline } from './resolve-deadline.js';
import { say } from '../shared/messages/say.js';

export type CatalogOptions = LoadTaskOptions & { tasksDir: string };

export type TaskCheck = { id: string; dir: string; problems: string[] };

export type Catalog = {
  tasks(): Task[];
  /** Throws NotFound for an unknown (or invalid) task id. */
  task(id: string): Task;
  assignments(): Assignment[];
  /** The task's deadline from the first assignment that lists it (no due date when none does). */
  deadline(taskId: string): Deadline;
  /** Problems of every task folder and assignment file; empty arrays mean valid. */
  checks(): TaskCheck[];
};

/** Folders under tasks/ that hold tasks (not assignments/, not _drafts or .hidden folders). */
export function taskFolders(tasksDir: string): string[] {
  if (!fs.existsSync(tasksDir)) throw new TaskError([`tasks folder ${tasksDir} does not exist`]);
  return fs
    .readdirSync(tasksDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'assignments' && !/^[._]/.test(entry.name))
    .map((entry) => path.join(tasksDir, entry.name))
    .sort();
}

export function createCatalog(options: CatalogOptions): Catalog {
  const checks: TaskCheck[] = [];
  const tasks = new Map<string, Task>();
  for (const dir of taskFolders(options.tasksDir)) {
    const { task, problems } = loadTaskDir(dir, options);
    checks.push({ id: path.basename(dir), dir, problems });
    if (task) tasks.set(task.id, task);
  }
  const assignments: Assignment[] = [];
  const assignmentsDir = path.join(options.tasksDir, 'assignments');
  if (fs.existsSync(assignmentsDir)) {
    for (const name of fs
      .readdirSync(assignmentsDir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()) {
      const file = path.join(assignmentsDir, name);
      const { assignment, problems } = loadAssignmentFile(file, new Set(tasks.keys()), options.displayRoot);
      checks.push({ id: `assignments/${name}`, dir: file, problems });
      if (assignment) assignments.push(assignment);
    }
  }
  const deadlines = new Map<string, Deadline>();
  for (const assignment of assignments) {
    assignment.tasks.forEach((entry, index) => {
      if (!deadlines.has(entry.task)) deadlines.set(entry.task, resolveDeadline(assignment, index).deadline);
    });
  }
  return {
    deadline: (taskId) => deadlines.get(taskId) ?? NO_DEADLINE,
    tasks: () => [...tasks.values()],
    task: (id) => {
      const task = tasks.get(id);
      if (task) return task;
      const broken = checks.find((check) => check.id === id && check.problems.length);
      throw new NotFound(
        'task',
        broken ? `task "${id}" is invalid; run \`sandbox tasks check ${id}\`` : `no task "${id}"; known tasks: ${[...tasks.keys()].join(', ') || '(none)'}`,
        say('not_found.task', { task: id.slice(0, 80) }),
      );
    },
    assignments: () => assignments,
    checks: () => checks,
  };
}
