// A study submission from the Compare page's columns, and the way back: a submitted study reopened
// as Compare columns (its variants as prompt variants on one model, or as models running one
// program). Pure, so both directions are unit-tested against the server's study schema.
import type { PublicTask } from '../../../server/core/api.js';
import type { ModelInfo } from '../../../server/core/model.js';
import type { TextProgram } from '../../../server/core/prompt-program.js';
import type { StudyProgram } from '../../../server/core/study.js';
import { initialSetup, type Column, type CompareSetup, type SetupNames } from './compare-setup.js';
import { mergeTextDraft } from './program-defaults.js';

export function assembleStudy(columns: readonly Column[], reflection: string, taskId: string): StudyProgram {
  return {
    kind: 'study',
    task: taskId,
    // Names are trimmed: "few-shot " and "few-shot" would otherwise be two roles to the grader.
    variants: columns.map((column) => ({ name: column.name.trim(), program: column.program })),
    reflection: reflection.trim(),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Everything but the model and the prompt style, which follow the model in a model comparison. */
function core(program: TextProgram): string {
  const { model: _model, style: _style, task: _task, ...rest } = program;
  return JSON.stringify(rest);
}

export type ReopenedStudy = {
  setup: CompareSetup;
  /** The program the columns start from (the first variant's): it becomes the draft. */
  base: TextProgram;
  reflection: string;
  /** Variants that differ in both model and prompt: Compare shows them in one mode, so some differences are lost. */
  lossy: boolean;
};

/** A submitted study as Compare columns; null when `program` is not a study of text programs. */
export function setupFromStudy(
  program: unknown,
  task: PublicTask,
  allowed: readonly ModelInfo[],
  fallbackBase: TextProgram,
  names: SetupNames,
): ReopenedStudy | null {
  if (!isRecord(program) || program.kind !== 'study' || !Array.isArray(program.variants) || program.variants.length === 0) return null;
  const variants = program.variants.filter(
    (v): v is { name: string; program: Record<string, unknown> } =>
      isRecord(v) && typeof v.name === 'string' && isRecord(v.program) && v.program.kind === 'text',
  );
  if (variants.length !== program.variants.length) return null;
  const programs = variants.map((v) => mergeTextDraft(v.program, fallbackBase));
  const base = programs[0]!;
  const reflection = typeof program.reflection === 'string' ? program.reflection : '';
  const sameModel = new Set(programs.map((p) => p.model)).size === 1;
  const sameProgram = new Set(programs.map(core)).size === 1;
  const defaults = initialSetup(task, allowed, base, names);
  // Same model, or (when both differ) a task that compares prompts: prompt variants on one model.
  const asVariants = sameModel ? !sameProgram || task.study?.sameModel === true : !sameProgram && Boolean(task.study?.sameModel) && !task.study?.roles.length;
  const setup: CompareSetup = asVariants
    ? {
        ...defaults,
        mode: 'variants',
        variantModel: base.model,
        variants: variants.map((v, index) => {
          const source = programs[index]!;
          return {
            name: v.name,
            instruction: source.instruction,
            input: source.template.input,
            output: source.template.output,
            examples: source.examples.length,
            source,
          };
        }),
      }
    : { ...defaults, mode: 'models', modelColumns: variants.map((v, index) => ({ name: v.name, model: programs[index]!.model })) };
  return { setup, base, reflection, lossy: !sameModel && !sameProgram };
}
