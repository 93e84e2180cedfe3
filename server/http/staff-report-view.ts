// The staff copy of a report: everything, hidden cases included. The grader stores hidden cases
// without their input (the report is the same object students' copies are cut from), so the input
// is filled in here from the task's hidden split, by case id. Staff routes only.
import type { Catalog } from '../catalog/catalog.js';
import type { GradeReport } from '../core/grade-report.js';
import type { TaskCase } from '../core/task.js';

/** A case's inputs as one text: the value alone for one field, `field: value` lines for several. */
export function caseInputText(testCase: TaskCase): string {
  const entries = Object.entries(testCase.inputs);
  if (entries.length === 1) return entries[0]![1];
  return entries.map(([field, value]) => `${field}: ${value}`).join('\n');
}

export function staffReport(report: GradeReport, catalog: Catalog): GradeReport {
  const task = catalog.tasks().find((t) => t.id === report.taskId);
  if (!task) return report;
  const hidden = new Map(task.test.map((testCase) => [testCase.id, testCase]));
  return {
    ...report,
    cases: report.cases.map((c) => {
      const testCase = c.hidden && !c.input ? hidden.get(c.caseId) : undefined;
      return testCase ? { ...c, input: caseInputText(testCase) } : c;
    }),
  };
}
