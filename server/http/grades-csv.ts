// GET /api/staff/grades.csv: one row per student, the best graded points per task, the total.
import type { Catalog } from '../catalog/catalog.js';
import type { User } from '../core/api.js';
import { csvLines } from '../core/csv-cell.js';
import { taskPoints } from './assignment-view.js';

/** Tasks in assignment order (then the rest), each once. */
export function gradedTaskIds(catalog: Catalog): string[] {
  const ids = catalog.assignments().flatMap((assignment) => assignment.tasks.map((entry) => entry.task));
  for (const task of catalog.tasks()) ids.push(task.id);
  return [...new Set(ids)].filter((id) => catalog.tasks().some((task) => task.id === id));
}

export function gradesCsv(catalog: Catalog, students: User[], bestPoints: (userId: string) => Map<string, number>): string {
  const taskIds = gradedTaskIds(catalog);
  const header = ['email', 'name', 'section', ...taskIds.map((id) => `${id} (${taskPoints(catalog, id, catalog.task(id))})`), 'total'];
  const rows = students.map((student) => {
    const best = bestPoints(student.id);
    const points = taskIds.map((id) => best.get(id) ?? null);
    const total = points.reduce<number>((sum, value) => sum + (value ?? 0), 0);
    return [student.email, student.name, student.section, ...points.map((p) => (p === null ? null : round(p))), round(total)];
  });
  // Names and sections come from the roster: csvLines defuses formula-like cells (csv-cell.ts).
  return csvLines([header, ...rows]);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
