// GET /api/staff/grades.csv: one row per student; per task the grade that counts under the task's
// "which counts" rule: final points (the column a gradebook imports, named "<task> (<max>)"), then
// the raw points, the late penalty in percent and a late flag; the total of final points.
import type { Catalog } from '../catalog/catalog.js';
import type { TaskGradeView, User } from '../core/api.js';
import { csvLines, type CsvValue } from '../shared/csv-cell.js';
import { taskPoints } from '../catalog/task-points.js';

/** Tasks in assignment order (then the rest), each once. */
export function gradedTaskIds(catalog: Catalog): string[] {
  const ids = catalog.assignments().flatMap((assignment) => assignment.tasks.map((entry) => entry.task));
  for (const task of catalog.tasks()) ids.push(task.id);
  return [...new Set(ids)].filter((id) => catalog.tasks().some((task) => task.id === id));
}

export function gradesCsv(catalog: Catalog, students: User[], gradesOf: (userId: string) => Map<string, TaskGradeView>): string {
  const taskIds = gradedTaskIds(catalog);
  const header = [
    'email',
    'name',
    'section',
    ...taskIds.flatMap((id) => [`${id} (${taskPoints(catalog, id, catalog.task(id))})`, `${id} raw`, `${id} penalty %`, `${id} late`]),
    'total',
  ];
  const rows = students.map((student) => {
    const grades = gradesOf(student.id);
    const cells: CsvValue[] = [student.email, student.name, student.section];
    let total = 0;
    for (const id of taskIds) {
      const grade = grades.get(id);
      if (!grade) {
        cells.push(null, null, null, null);
        continue;
      }
      total += grade.finalPoints;
      cells.push(round(grade.finalPoints), round(grade.rawPoints), round(grade.penaltyPercent), grade.late ? 'late' : '');
    }
    return [...cells, round(total)];
  });
  // Names and sections come from the roster: csvLines defuses formula-like cells (csv-cell.ts).
  return csvLines([header, ...rows]);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
