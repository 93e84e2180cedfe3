// GET /api/assignments: the catalog's assignments with the signed-in student's standing on each
// task (their own deadline, extension included, and the grade that counts), with titles and the
// introduction in the asked language (English where there is none). Tasks no assignment
// lists are shown too, in a last "Other tasks" group.
import type { Catalog } from '../catalog/catalog.js';
import type { AssignmentSummary, AssignmentTaskSummary, StudentDeadline, TaskGradeView } from '../core/api.js';
import { localize, type Locale } from '../core/locale.js';
import type { Task } from '../core/task.js';

export function assignmentSummaries(
  catalog: Catalog,
  locale: Locale,
  standing: { grades: Map<string, TaskGradeView>; deadline: (taskId: string) => StudentDeadline; submissionsToday: (taskId: string) => number },
): AssignmentSummary[] {
  const tasks = new Map(catalog.tasks().map((task) => [task.id, task]));
  const listed = new Set<string>();
  const summary = (task: Task, points: number): AssignmentTaskSummary => {
    const deadline = standing.deadline(task.id);
    const grade = standing.grades.get(task.id) ?? null;
    return {
      taskId: task.id,
      title: localize(task.title, locale).text,
      modality: task.modality,
      points,
      due: deadline.due,
      deadline,
      bestPoints: grade ? grade.finalPoints : null,
      grade,
      submissionsToday: standing.submissionsToday(task.id),
      submissionsPerDay: task.submissions.perDay,
    };
  };
  const result: AssignmentSummary[] = catalog.assignments().map((assignment) => {
    const description = localize(assignment.description, locale);
    return {
      id: assignment.id,
      title: localize(assignment.title, locale).text,
      description: description.text,
      descriptionLocale: description.locale,
      tasks: assignment.tasks.flatMap((entry) => {
        const task = tasks.get(entry.task);
        if (!task) return [];
        listed.add(task.id);
        return [summary(task, entry.points ?? task.points.max)];
      }),
    };
  });
  const others = [...tasks.values()].filter((task) => !listed.has(task.id));
  if (others.length) {
    result.push({
      id: 'unassigned',
      title: 'Other tasks',
      description: '',
      descriptionLocale: locale,
      tasks: others.map((task) => summary(task, task.points.max)),
    });
  }
  return result;
}
