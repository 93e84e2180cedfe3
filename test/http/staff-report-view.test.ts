// The staff copy of a report fills in each hidden case's input from the task's hidden split (the
// stored report keeps it empty), leaves dev cases and unknown cases as they are.
import { describe, expect, it } from 'vitest';
import { evaluatorNames, getEvaluator } from '../../evaluators/index.js';
import { createCatalog } from '../../server/catalog/catalog.js';
import type { CaseReport, GradeReport } from '../../server/core/grade-report.js';
import type { TaskCase } from '../../server/core/task.js';
import { caseInputText, staffReport } from '../../server/http/staff-report-view.js';
import { fixtureTasksDir } from '../../testkit/sentiment-fixture.js';

const catalog = createCatalog({ tasksDir: fixtureTasksDir, getEvaluator, evaluatorNames: evaluatorNames() });
const task = catalog.task('sentiment');
const caseReport = (caseId: string, hidden: boolean, input = ''): CaseReport => ({
  caseId,
  hidden,
  input,
  rawOutput: 'positive',
  output: 'positive',
  expected: 'positive',
  scores: [],
  score: 1,
  attempts: 1,
  latencyMs: 1,
});
const report = (cases: CaseReport[]) => ({ taskId: 'sentiment', cases }) as unknown as GradeReport;

describe('staffReport', () => {
  it('fills hidden inputs by case id; dev cases and cases no longer in the task stay as stored', () => {
    const hidden = task.test[3]!;
    const out = staffReport(report([caseReport(hidden.id, true), caseReport('dev-001', false, 'Review: shown'), caseReport('test-gone', true)]), catalog);
    expect(out.cases.map((c) => c.input)).toEqual([hidden.inputs.review, 'Review: shown', '']);
  });

  it('a report of a task that is gone is returned as it is', () => {
    const stored = { ...report([caseReport('test-001', true)]), taskId: 'removed-task' } as GradeReport;
    expect(staffReport(stored, catalog)).toBe(stored);
  });

  it('names each field when a case has several inputs', () => {
    const several = { id: 'x', split: 'test', inputs: { question: 'Q?', context: 'C.' }, expected: 'a', extra: {} } as TaskCase;
    expect(caseInputText(several)).toBe('question: Q?\ncontext: C.');
  });
});
