// How many points a task is worth: the assignment that lists it may weigh it differently from the
// task's own maximum. Submissions, dev runs, grade exports and staff analysis must agree on it.
import type { Task } from '../core/task.js';
import type { Catalog } from './catalog.js';

export function taskPoints(catalog: Catalog, taskId: string, task: Pick<Task, 'points'>): number {
  for (const assignment of catalog.assignments()) {
    const entry = assignment.tasks.find((t) => t.task === taskId);
    if (entry) return entry.points ?? task.points.max;
  }
  return task.points.max;
}
