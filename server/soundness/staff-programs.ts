// The staff programs every task folder carries: reference.json (what a good solution looks like)
// and baseline.json (the naive program students start from). They are staff-only files: the
// catalog and the HTTP task view never read them. Here they must parse as programs valid for
// their task, and their few-shot examples must not be hidden test cases.
import fs from 'node:fs';
import path from 'node:path';
import { displayPath } from '../catalog/format-problems.js';
import { errorMessage, ProgramError } from '../core/errors.js';
import type { PromptProgram } from '../core/prompt-program.js';
import { inputFields, type Task } from '../core/task.js';
import { checkSubmissionForTask, parseSubmission, submissionPrograms, type Submission } from '../grading/parse-submission.js';
import { checkStudy } from '../prompts/check-study.js';
import { step, type SoundnessStep } from './report.js';

export const STAFF_PROGRAMS = ['reference', 'baseline'] as const;
export type StaffProgramName = (typeof STAFF_PROGRAMS)[number];
export type StaffPrograms = Partial<Record<StaffProgramName, Submission>>;

function inputKey(values: string[]): string {
  return JSON.stringify(values.map((value) => value.trim().toLowerCase()));
}

/** Few-shot examples that copy a hidden case's input: the reference would teach the test. */
function leakedExamples(program: PromptProgram, task: Task): number[] {
  if (program.kind !== 'text') return [];
  const fields = inputFields(task);
  const hidden = new Set(task.test.map((c) => inputKey(fields.map((field) => c.inputs[field] ?? ''))));
  return program.examples.flatMap((example, index) => {
    const values = typeof example.input === 'string' ? [example.input] : fields.map((field) => (example.input as Record<string, string>)[field] ?? '');
    return hidden.has(inputKey(values)) ? [index + 1] : [];
  });
}

function loadOne(task: Task, name: StaffProgramName, displayRoot?: string): { program?: Submission; problems: string[] } {
  const file = path.join(task.dir, `${name}.json`);
  const label = displayPath(file, displayRoot);
  if (!fs.existsSync(file)) return { problems: [`${label}: file is missing (the staff ${name} program)`] };
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return { problems: [`${label}: not valid JSON (${errorMessage(error)})`] };
  }
  let program: Submission;
  try {
    program = parseSubmission(json, task);
  } catch (error) {
    const problems = error instanceof ProgramError ? error.problems : [errorMessage(error)];
    return { problems: problems.map((problem) => `${label}: ${problem}`) };
  }
  const problems = checkSubmissionForTask(program, task).map((problem) => `${label}: ${problem}`);
  // The reference study shows a complete answer to the exercise; the baseline may be partial.
  if (program.kind === 'study' && name === 'reference') {
    for (const check of checkStudy(program, task.study!)) if (!check.passed) problems.push(`${label}: the reference study is incomplete: ${check.message}`);
  }
  // Hidden cases are named by count only, like everywhere else.
  for (const { name: variant, program: one } of submissionPrograms(program)) {
    for (const example of leakedExamples(one, task))
      problems.push(
        `${label}: ${variant ? `variant "${variant}" ` : ''}example ${example} is a hidden test case; few-shot examples must come from the dev split`,
      );
  }
  return problems.length ? { problems } : { program, problems };
}

export function loadStaffPrograms(task: Task, displayRoot?: string): { programs: StaffPrograms; step: SoundnessStep } {
  const programs: StaffPrograms = {};
  const problems: string[] = [];
  for (const name of STAFF_PROGRAMS) {
    const loaded = loadOne(task, name, displayRoot);
    if (loaded.program) programs[name] = loaded.program;
    problems.push(...loaded.problems);
  }
  const summary = task.study
    ? 'reference.json and baseline.json are studies valid for the task (the reference complete)'
    : 'reference.json and baseline.json are prompt programs valid for the task';
  return {
    programs,
    step: problems.length
      ? step('staff programs', 'fail', 'reference.json and baseline.json must be prompt programs valid for the task', problems)
      : step('staff programs', 'ok', summary),
  };
}
