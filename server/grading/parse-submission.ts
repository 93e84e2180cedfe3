// A submission is either one prompt program or, on a study task, a study of several. This parses
// and checks either against its task, with messages a student (or staff) can act on.
import { ProgramError } from '../core/errors.js';
import type { PromptProgram } from '../core/prompt-program.js';
import { StudyProgramSchema, type StudyProgram } from '../core/study.js';
import type { Task } from '../core/task.js';
import { type ProgramProblem, programProblems } from '../prompts/check-program.js';
import { say } from '../shared/messages/say.js';
import { formatProgramIssues, parseProgram, programIssuesSaid } from './parse-program.js';

export type Submission = PromptProgram | StudyProgram;

export function parseSubmission(input: unknown, task: Task): Submission {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (!task.study) {
    if (kind === 'study') {
      throw new ProgramError(
        [`task "${task.id}" takes one prompt program ("kind": "${task.modality}"), not a study`],
        [say('study.expected_program', { task: task.id, kind: task.modality })],
      );
    }
    return parseProgram(input);
  }
  if (kind !== 'study') {
    throw new ProgramError(
      [`task "${task.id}" takes a study: { "kind": "study", "variants": [{ "name": ..., "program": ... }], "reflection": ... }`],
      [say('study.expected_study', { task: task.id })],
    );
  }
  const parsed = StudyProgramSchema.safeParse(input);
  if (!parsed.success) throw new ProgramError(formatProgramIssues(parsed.error), programIssuesSaid(parsed.error));
  if (parsed.data.task !== undefined && parsed.data.task !== task.id) {
    throw new ProgramError(
      [`this study was written for task "${parsed.data.task}", not "${task.id}"`],
      [say('study.wrong_task', { task: task.id, written: parsed.data.task })],
    );
  }
  return parsed.data;
}

/** The programs a submission runs: itself, or a study's variants. */
export function submissionPrograms(submission: Submission): { name: string | null; program: PromptProgram }[] {
  return submission.kind === 'study' ? submission.variants.map((v) => ({ name: v.name, program: v.program })) : [{ name: null, program: submission }];
}

/** Problems of every program in the submission against the task, each prefixed by its variant. */
export function checkSubmissionForTask(submission: Submission, task: Task): string[] {
  return submissionProblems(submission, task).map((problem) => problem.message);
}

/** The same problems in both forms; a variant's are said after a line naming the variant. */
export function submissionProblems(submission: Submission, task: Task): (ProgramProblem & { variant: string | null })[] {
  return submissionPrograms(submission).flatMap(({ name, program }) =>
    programProblems(program, task).map((problem) => ({ ...problem, variant: name, message: name ? `variant "${name}": ${problem.message}` : problem.message })),
  );
}

/** The refusal of a submission with these problems: English lines, and the lines by code. */
export function submissionProblemsError(problems: ReturnType<typeof submissionProblems>): ProgramError {
  const said = problems.flatMap((problem) => (problem.variant ? [say('study.in_variant', { variant: problem.variant }), problem.said] : [problem.said]));
  return new ProgramError(
    problems.map((problem) => problem.message),
    said,
  );
}
