// The one entry point for grading anything a student submits: a single prompt program, or a study
// (several programs compared on the same cases). The CLI and the server's queue both call this.
import type { GradeReport } from '../core/grade-report.js';
import type { Task } from '../core/task.js';
import { gradeProgram, type GradeDeps, type GradeOptions } from './grade-program.js';
import { gradeStudy } from './grade-study.js';
import { parseSubmission } from './parse-submission.js';

export async function gradeSubmission(task: Task, input: unknown, deps: GradeDeps, options: GradeOptions): Promise<GradeReport> {
  const submission = parseSubmission(input, task);
  return submission.kind === 'study' ? gradeStudy(task, submission, deps, options) : gradeProgram(task, submission, deps, options);
}
