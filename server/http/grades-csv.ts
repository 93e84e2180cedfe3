// GET /api/staff/grades.csv: one row per student, the best graded points per task, the total.
import type { Catalog } from '../catalog/catalog.js';
import type { User } from '../core/api.js';
import { taskPoints } from './assignment-view.js';

/** Quotes when needed; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Tasks in assignment order (then the rest), each once. */
export function gradedTaskIds(catalog: Catalog): string[] {
  const ids = catalog.assignments().flatMap((assignment) => assignment.tasks.map((entry) => entry.task));
  for (const task of catalog.tasks()) ids.push(task.id);
  return [...new Set(ids)].filter((id) => catalog.tasks().some((task) => task.id === id));
}

export function gradesCsv(catalog: Catalog, students: User[], bestPoints: (userId: string) => Map<string, number>): string {
  const taskIds = gradedTaskIds(catalog);
  const header = ['email', 'name', 'section', ...taskIds.map((id) => `${id} (${taskPoints(catalog, id, catalog.task(id))})`), 'total'];
  const lines = [header.map(csvCell).join(',')];
  for (const student of students) {
    const best = bestPoints(student.id);
    const points = taskIds.map((id) => best.get(id) ?? null);
    const total = points.reduce<number>((sum, value) => sum + (value ?? 0), 0);
    lines.push([student.email, student.name, student.section, ...points.map((p) => (p === null ? null : round(p))), round(total)].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
