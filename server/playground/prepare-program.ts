// A program from an HTTP body, made ready to run on a task: parsed (student-readable messages),
// checked against the task's limits, with the task's defaults filled in, and its model resolved.
import { ConfigError, ModelUnavailable, NotFound, ProgramError, SandboxError } from '../core/errors.js';
import type { ImageTextModel, Model, ModelRegistry, TextModel } from '../core/model.js';
import type { ImageTextProgram, PromptProgram, TextProgram } from '../core/prompt-program.js';
import type { Task } from '../core/task.js';
import { parseProgram } from '../grading/parse-program.js';
import { programProblems, programProblemsError, withTaskDefaults } from '../prompts/check-program.js';
import { say } from '../shared/messages/say.js';

// Lives in core so the models layer (the circuit breaker) can throw it too.
export { ModelUnavailable };

export function prepareProgram(task: Task, input: unknown): PromptProgram {
  const program = parseProgram(input);
  const problems = programProblems(program, task);
  if (problems.length) throw programProblemsError(problems);
  return withTaskDefaults(program, task);
}

/** A setup error names either a variable to set (a key) or files to fetch. */
function setupReason(error: ConfigError): 'missing-files' | 'missing-key' {
  const variable = (error.details as { variable?: unknown } | undefined)?.variable;
  return typeof variable === 'string' ? 'missing-key' : 'missing-files';
}

export async function resolveModel(models: ModelRegistry, id: string): Promise<Model> {
  try {
    let model: Model;
    try {
      model = models.get(id);
    } catch (error) {
      // The registry's own words are for operators (the configured models, the file they came from).
      if (error instanceof NotFound) {
        throw new NotFound('model', `model ${id} is not available in this course; pick another model`, say('program.model_not_available', { model: id }));
      }
      throw error;
    }
    await model.ready?.();
    return model;
  } catch (error) {
    // The ConfigError's text is setup advice for the operator (which variable, which pull command):
    // the health service keeps it for staff pages and the log; the student gets the plain notice.
    if (error instanceof ConfigError) throw new ModelUnavailable(setupReason(error));
    throw error;
  }
}

export async function textProgramAndModel(task: Task, input: unknown, models: ModelRegistry): Promise<{ program: TextProgram; model: TextModel }> {
  const program = prepareProgram(task, input);
  if (program.kind !== 'text') throw new SandboxError('bad_request', 'this is an image-text program: use /api/image-text/classify or /api/image-text/retrieve');
  const model = await resolveModel(models, program.model);
  if (model.kind !== 'text') {
    throw new ProgramError([`model ${model.id} is an image-text model; this task needs a text model`], [say('program.needs_text_model', { model: model.id })]);
  }
  return { program, model };
}

export async function imageTextProgramAndModel(
  task: Task,
  input: unknown,
  models: ModelRegistry,
): Promise<{ program: ImageTextProgram; model: ImageTextModel }> {
  const program = prepareProgram(task, input);
  if (program.kind !== 'image-text') throw new SandboxError('bad_request', 'this is a text program: use /api/run or /api/run-dev');
  const model = await resolveModel(models, program.model);
  if (model.kind !== 'image-text') {
    throw new ProgramError(
      [`model ${model.id} is a text model; this task needs an image-text model`],
      [say('program.needs_image_text_model', { model: model.id })],
    );
  }
  return { program, model };
}
