// The one entry point for grading anything a student submits: a single prompt program, or a study
// (several programs compared on the same cases). The CLI and the server's queue both call this.
import { ProgramError } from '../core/errors.js';
import type { GradeReport } from '../core/grade-report.js';
import { StudyProgramSchema } from '../core/study.js';
import type { Task } from '../core/task.js';
import { gradeProgram, type GradeDeps, type GradeOptions } from './grade-program.js';
import { gradeStudy } from './grade-study.js';
import { formatProgramIssues } from './parse-program.js';

export async function gradeSubmission(task: Task, submission: unknown, deps: GradeDeps, options: GradeOptions): Promise<GradeReport> {
  const kind = (submission as { kind?: unknown } | null)?.kind;
  if (!task.study) {
    if (kind === 'study') throw new ProgramError([`task "${task.id}" takes one prompt program ("kind": "${task.modality}"), not a study`]);
    return gradeProgram(task, submission, deps, options);
  }
  if (kind !== 'study') {
    throw new ProgramError([`task "${task.id}" takes a study: { "kind": "study", "variants": [{ "name": ..., "program": ... }], "reflection": ... }`]);
  }
  const parsed = StudyProgramSchema.safeParse(submission);
  if (!parsed.success) throw new ProgramError(formatProgramIssues(parsed.error));
  if (parsed.data.task !== undefined && parsed.data.task !== task.id) {
    throw new ProgramError([`this study was written for task "${parsed.data.task}", not "${task.id}"`]);
  }
  return gradeStudy(task, parsed.data, deps, options);
}
