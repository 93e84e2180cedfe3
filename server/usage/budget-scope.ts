// Budgets are per student *and assignment*: a student who spends their tokens on assignment 1
// still has assignment 2's. A call made for a task counts against the first assignment that lists
// the task; a call without a task (the /v1 gateway, /api/usage) against the current assignment.
import type { Catalog } from '../catalog/catalog.js';
import type { Clock } from '../clock.js';

/** Tasks that no assignment lists (and every call when there are no assignments) share this scope. */
export const UNASSIGNED_SCOPE = 'unassigned';

export type BudgetScopes = {
  ofTask(taskId: string): string;
  /** The first assignment (in file order) still open; else the last one; else UNASSIGNED_SCOPE. */
  current(): string;
};

export function createBudgetScopes(catalog: Catalog, clock: Clock): BudgetScopes {
  return {
    ofTask(taskId) {
      return catalog.assignments().find((assignment) => assignment.tasks.some((entry) => entry.task === taskId))?.id ?? UNASSIGNED_SCOPE;
    },
    current() {
      const assignments = catalog.assignments();
      const now = clock.now();
      const open = assignments.find((assignment) => {
        const dues = assignment.tasks.flatMap((entry) => (entry.due ? [Date.parse(entry.due)] : []));
        return dues.length === 0 || Math.max(...dues) > now;
      });
      return (open ?? assignments.at(-1))?.id ?? UNASSIGNED_SCOPE;
    },
  };
}
