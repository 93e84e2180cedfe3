// Checks a prompt program against a task before anything is sent to a model. Every problem is
// phrased for the student and says how to fix it.
import type { ImageTextProgram, PromptProgram, TextProgram } from '../core/prompt-program.js';
import { inputFields, type TaskConfig } from '../core/task.js';
import { placeholdersOf } from './fill-template.js';

export function checkProgramForTask(program: PromptProgram, task: TaskConfig): string[] {
  const problems: string[] = [];
  if (program.task !== undefined && program.task !== task.id) {
    problems.push(`this program was written for task "${program.task}", not "${task.id}"`);
  }
  if (!task.models.includes(program.model)) {
    problems.push(`model "${program.model}" is not allowed on this task; choose one of ${task.models.join(', ')}`);
  }
  if (program.kind !== (task.modality === 'text' ? 'text' : 'image-text')) {
    problems.push(`this task needs a ${task.modality} program (kind: "${task.modality}"), not kind "${program.kind}"`);
    return problems;
  }
  if (program.kind === 'text') problems.push(...checkTextProgram(program, task));
  else problems.push(...checkImageTextProgram(program, task));
  return problems;
}

function checkTextProgram(program: TextProgram, task: TaskConfig): string[] {
  const problems: string[] = [];
  const fields = inputFields(task);
  const allowed = new Set(fields.length === 1 ? [...fields, 'input'] : fields);
  for (const name of placeholdersOf(program.template.input)) {
    if (!allowed.has(name)) problems.push(`template.input uses {${name}}; this task's inputs are ${[...allowed].map((f) => `{${f}}`).join(', ')}`);
  }
  const outputNames = placeholdersOf(program.template.output);
  if (outputNames.some((name) => name !== 'output')) problems.push('template.output may only use the {output} placeholder');
  if (program.examples.length > task.limits.maxExamples) {
    problems.push(`${program.examples.length} few-shot examples; this task allows at most ${task.limits.maxExamples}`);
  }
  program.examples.forEach((example, index) => {
    if (typeof example.input !== 'string') {
      const missing = fields.filter((field) => typeof (example.input as Record<string, string>)[field] !== 'string');
      if (missing.length) problems.push(`example ${index + 1} is missing ${missing.map((f) => `"${f}"`).join(', ')}`);
    } else if (fields.length > 1) {
      problems.push(`example ${index + 1}: this task has several inputs (${fields.join(', ')}); give the input as an object with those fields`);
    }
  });
  if (program.decoding.maxTokens !== undefined && program.decoding.maxTokens > task.limits.maxOutputTokens) {
    problems.push(`decoding.maxTokens is ${program.decoding.maxTokens}; this task allows at most ${task.limits.maxOutputTokens}`);
  }
  if (program.answer.labels && task.fields.labels) {
    const unknown = Object.keys(program.answer.labels).filter((label) => !task.fields.labels!.includes(label));
    if (unknown.length)
      problems.push(
        `answer.labels has ${unknown.map((l) => `"${l}"`).join(', ')}, which this task does not have; its labels are ${task.fields.labels.join(', ')}`,
      );
    if (program.answer.mode === 'score-choices') {
      const missing = task.fields.labels.filter((label) => !program.answer.labels![label]);
      if (missing.length) problems.push(`score-choices needs words for every label; missing: ${missing.join(', ')}`);
    }
  }
  return problems;
}

function checkImageTextProgram(program: ImageTextProgram, task: TaskConfig): string[] {
  const problems: string[] = [];
  if (program.templates.length > task.limits.maxTemplates) {
    problems.push(`${program.templates.length} templates; this task allows at most ${task.limits.maxTemplates}`);
  }
  if (task.mode === 'classify' && task.fields.labels) {
    const missing = task.fields.labels.filter((label) => !program.labels[label]);
    const extra = Object.keys(program.labels).filter((label) => !task.fields.labels!.includes(label));
    if (missing.length) problems.push(`labels: give class names for ${missing.join(', ')}`);
    if (extra.length)
      problems.push(
        `labels: ${extra.join(', ')} ${extra.length > 1 ? 'are not classes' : 'is not a class'} of this task; its classes are ${task.fields.labels.join(', ')}`,
      );
  }
  return problems;
}

/** Fills what a program may leave to the task: the output-token budget defaults to the task's limit. */
export function withTaskDefaults<P extends PromptProgram>(program: P, task: TaskConfig): P {
  if (program.kind !== 'text' || program.decoding.maxTokens !== undefined) return program;
  return { ...program, decoding: { ...program.decoding, maxTokens: task.limits.maxOutputTokens } };
}
