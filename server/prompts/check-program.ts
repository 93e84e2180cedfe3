// Checks a prompt program against a task before anything is sent to a model. Every problem is
// phrased for the student and says how to fix it, in English (`message`, for the CLI and logs) and
// by code (`said`, for the student's language).
import { ProgramError } from '../core/errors.js';
import type { ImageTextProgram, PromptProgram, TextProgram } from '../core/prompt-program.js';
import { inputFields, type TaskConfig } from '../core/task.js';
import { type Said, say } from '../shared/messages/say.js';
import { placeholdersOf } from './fill-template.js';

export type ProgramProblem = { message: string; said: Said };

/** The problems as English lines (the CLI, staff checks, older callers). */
export function checkProgramForTask(program: PromptProgram, task: TaskConfig): string[] {
  return programProblems(program, task).map((problem) => problem.message);
}

/** The refusal of a program with these problems, said in both forms. */
export function programProblemsError(problems: readonly ProgramProblem[]): ProgramError {
  return new ProgramError(
    problems.map((problem) => problem.message),
    problems.map((problem) => problem.said),
  );
}

/** Collects problems: `add(message, said)`. */
function collector() {
  const problems: ProgramProblem[] = [];
  return { problems, add: (message: string, said: Said) => void problems.push({ message, said }) };
}

export function programProblems(program: PromptProgram, task: TaskConfig): ProgramProblem[] {
  const { problems, add } = collector();
  if (program.task !== undefined && program.task !== task.id) {
    add(`this program was written for task "${program.task}", not "${task.id}"`, say('program.wrong_task', { written: program.task, task: task.id }));
  }
  if (!task.models.includes(program.model)) {
    const models = task.models.join(', ');
    add(`model "${program.model}" is not allowed on this task; choose one of ${models}`, say('program.model_not_allowed', { model: program.model, models }));
  }
  if (program.kind !== (task.modality === 'text' ? 'text' : 'image-text')) {
    add(
      `this task needs a ${task.modality} program (kind: "${task.modality}"), not kind "${program.kind}"`,
      say('program.wrong_kind', { modality: task.modality, kind: program.kind }),
    );
    return problems;
  }
  if (program.kind === 'text') checkTextProgram(program, task, add);
  else checkImageTextProgram(program, task, add);
  return problems;
}

type Add = (message: string, said: Said) => void;

function checkTextProgram(program: TextProgram, task: TaskConfig, add: Add): void {
  const fields = inputFields(task);
  const allowed = new Set(fields.length === 1 ? [...fields, 'input'] : fields);
  const inputs = [...allowed].map((f) => `{${f}}`).join(', ');
  for (const name of placeholdersOf(program.template.input)) {
    if (!allowed.has(name)) add(`template.input uses {${name}}; this task's inputs are ${inputs}`, say('program.input_placeholder', { name, inputs }));
  }
  const outputNames = placeholdersOf(program.template.output);
  if (outputNames.some((name) => name !== 'output'))
    add('template.output may only use the {output} placeholder', say('program.output_placeholder', { placeholder: '{output}' }));
  if (program.examples.length > task.limits.maxExamples) {
    const count = program.examples.length;
    const max = task.limits.maxExamples;
    add(`${count} few-shot examples; this task allows at most ${max}`, say('program.too_many_examples', { count, max }));
  }
  program.examples.forEach((example, index) => {
    const number = index + 1;
    if (typeof example.input !== 'string') {
      const missing = fields.filter((field) => typeof (example.input as Record<string, string>)[field] !== 'string');
      const names = missing.map((f) => `"${f}"`).join(', ');
      if (missing.length) add(`example ${number} is missing ${names}`, say('program.example_missing_fields', { number, fields: names }));
    } else if (fields.length > 1) {
      add(
        `example ${number}: this task has several inputs (${fields.join(', ')}); give the input as an object with those fields`,
        say('program.example_needs_object', { number, fields: fields.join(', ') }),
      );
    }
  });
  if (program.decoding.maxTokens !== undefined && program.decoding.maxTokens > task.limits.maxOutputTokens) {
    const { maxTokens } = program.decoding;
    const max = task.limits.maxOutputTokens;
    add(`decoding.maxTokens is ${maxTokens}; this task allows at most ${max}`, say('program.max_tokens_over', { maxTokens, max }));
  }
  if (program.answer.labels && task.fields.labels) {
    const known = task.fields.labels.join(', ');
    const unknown = Object.keys(program.answer.labels).filter((label) => !task.fields.labels!.includes(label));
    if (unknown.length) {
      const labels = unknown.map((l) => `"${l}"`).join(', ');
      add(`answer.labels has ${labels}, which this task does not have; its labels are ${known}`, say('program.unknown_answer_labels', { labels, known }));
    }
    if (program.answer.mode === 'score-choices') {
      const missing = task.fields.labels.filter((label) => !program.answer.labels![label]);
      const labels = missing.join(', ');
      if (missing.length) add(`score-choices needs words for every label; missing: ${labels}`, say('program.score_choices_missing', { labels }));
    }
  }
}

function checkImageTextProgram(program: ImageTextProgram, task: TaskConfig, add: Add): void {
  if (program.templates.length > task.limits.maxTemplates) {
    const count = program.templates.length;
    const max = task.limits.maxTemplates;
    add(`${count} templates; this task allows at most ${max}`, say('program.too_many_templates', { count, max }));
  }
  if (task.mode === 'classify' && task.fields.labels) {
    const known = task.fields.labels.join(', ');
    const missing = task.fields.labels.filter((label) => !program.labels[label]);
    const extra = Object.keys(program.labels).filter((label) => !task.fields.labels!.includes(label));
    if (missing.length) add(`labels: give class names for ${missing.join(', ')}`, say('program.labels_missing', { labels: missing.join(', ') }));
    if (extra.length)
      add(
        `labels: ${extra.join(', ')} ${extra.length > 1 ? 'are not classes' : 'is not a class'} of this task; its classes are ${known}`,
        say('program.labels_extra', { labels: extra.join(', '), known }),
      );
  }
}

/** Fills what a program may leave to the task: the output-token budget defaults to the task's limit. */
export function withTaskDefaults<P extends PromptProgram>(program: P, task: TaskConfig): P {
  if (program.kind !== 'text' || program.decoding.maxTokens !== undefined) return program;
  return { ...program, decoding: { ...program.decoding, maxTokens: task.limits.maxOutputTokens } };
}
