// A program from an HTTP body, made ready to run on a task: parsed (student-readable messages),
// checked against the task's limits, with the task's defaults filled in, and its model resolved.
import { ConfigError, ProgramError, SandboxError } from '../core/errors.js';
import type { ImageTextModel, Model, ModelRegistry, TextModel } from '../core/model.js';
import type { ImageTextProgram, PromptProgram, TextProgram } from '../core/prompt-program.js';
import type { Task } from '../core/task.js';
import { parseProgram } from '../grading/parse-program.js';
import { checkProgramForTask, withTaskDefaults } from '../prompts/check-program.js';

/** A configured model that cannot be used right now (missing API key, model files not present). */
export class ModelUnavailable extends SandboxError {
  constructor(message: string) {
    super('model_unavailable', message);
  }
}

export function prepareProgram(task: Task, input: unknown): PromptProgram {
  const program = parseProgram(input);
  const problems = checkProgramForTask(program, task);
  if (problems.length) throw new ProgramError(problems);
  return withTaskDefaults(program, task);
}

export async function resolveModel(models: ModelRegistry, id: string): Promise<Model> {
  try {
    const model = models.get(id);
    await model.ready?.();
    return model;
  } catch (error) {
    if (error instanceof ConfigError) throw new ModelUnavailable(`model ${id} is not available right now: ${error.message}`);
    throw error;
  }
}

export async function textProgramAndModel(task: Task, input: unknown, models: ModelRegistry): Promise<{ program: TextProgram; model: TextModel }> {
  const program = prepareProgram(task, input);
  if (program.kind !== 'text') throw new SandboxError('bad_request', 'this is an image-text program: use /api/image-text/classify or /api/image-text/retrieve');
  const model = await resolveModel(models, program.model);
  if (model.kind !== 'text') throw new ProgramError([`model ${model.id} is an image-text model; this task needs a text model`]);
  return { program, model };
}

export async function imageTextProgramAndModel(task: Task, input: unknown, models: ModelRegistry): Promise<{ program: ImageTextProgram; model: ImageTextModel }> {
  const program = prepareProgram(task, input);
  if (program.kind !== 'image-text') throw new SandboxError('bad_request', 'this is a text program: use /api/run or /api/run-dev');
  const model = await resolveModel(models, program.model);
  if (model.kind !== 'image-text') throw new ProgramError([`model ${model.id} is a text model; this task needs an image-text model`]);
  return { program, model };
}
