// What the Compare page compares, as plain data: 2-4 models running one program, or variants of the
// program on one model. On a study task the starting setup follows the task's `study:` block (the
// roles as named columns with their models, or as many prompt variants as the study asks for).
// Pure, so the page's state can be unit-tested, saved, and rebuilt from a submitted study.
import type { PublicStudyConfig, PublicTask } from '../../../server/core/api.js';
import type { ModelInfo } from '../../../server/core/model.js';
import type { TextProgram } from '../../../server/core/prompt-program.js';
import { cleanTextProgram } from './clean-program.js';
import { mergeTextDraft } from './program-defaults.js';

export type CompareMode = 'models' | 'variants';
/** A model column; an empty name means "call it by the model's label". */
export type ModelColumn = { name: string; model: string };
/**
 * A prompt variant: the draft (or `source`, a submitted variant's own program) with its own
 * instruction and templates and the first `examples` of its few-shot examples.
 */
export type Variant = { name: string; instruction: string; input: string; output: string; examples: number; source?: TextProgram };
export type CompareSetup = { mode: CompareMode; modelColumns: ModelColumn[]; variantModel: string; variants: Variant[] };
/** One compared column, ready to run or submit. */
export type Column = { name: string; model: string; program: TextProgram };
export type SetupNames = { zeroShot: string; fewShot: string; variant: (number: number) => string };

export const MAX_COLUMNS_PLAIN = 4;

/** How many columns the page allows: 2-4, or on a study task what the study asks for (at most 8). */
export function columnLimits(study: PublicStudyConfig | null): { min: number; max: number } {
  if (!study) return { min: 2, max: MAX_COLUMNS_PLAIN };
  const min = Math.min(8, Math.max(1, study.variants.min, study.roles.length));
  return { min, max: Math.max(min, Math.min(8, study.variants.max)) };
}

/** The models a study role may use, in the role's order, described by the server's model list. */
export function roleModels(role: PublicStudyConfig['roles'][number], allowed: readonly ModelInfo[]): ModelInfo[] {
  return role.models.map((id) => allowed.find((m) => m.id === id) ?? { id, kind: 'text', provider: '?', label: id });
}

function defaultModelColumns(task: PublicTask, allowed: readonly ModelInfo[], base: TextProgram, count: number): ModelColumn[] {
  const roles = task.study?.roles ?? [];
  // Usable models first: a column that starts on a model the server cannot use would only fail.
  const usable = (id: string) => allowed.find((m) => m.id === id)?.available !== false;
  const columns: ModelColumn[] = roles.map((role) => {
    const inTask = role.models.filter((id) => task.models.includes(id));
    return { name: role.name, model: inTask.find(usable) ?? inTask[0] ?? role.models[0]! };
  });
  // The draft's model first, then the task's other usable models in order, so the columns differ.
  const order = [
    base.model,
    ...allowed
      .filter((m) => m.available !== false)
      .map((m) => m.id)
      .filter((id) => id !== base.model),
  ];
  for (let index = 0; columns.length < count; index++) columns.push({ name: '', model: order[index % Math.max(order.length, 1)] ?? base.model });
  return columns;
}

function defaultVariants(base: TextProgram, count: number, names: SetupNames): Variant[] {
  const of = (name: string, examples: number): Variant => ({
    name,
    instruction: base.instruction,
    input: base.template.input,
    output: base.template.output,
    examples,
  });
  const variants = [of(names.zeroShot, 0), of(names.fewShot, base.examples.length)];
  while (variants.length < count) variants.push({ ...variants[variants.length - 1]!, name: names.variant(variants.length + 1) });
  return variants.slice(0, Math.max(count, 1));
}

export function initialSetup(task: PublicTask, allowed: readonly ModelInfo[], base: TextProgram, names: SetupNames): CompareSetup {
  const study = task.study;
  const { min } = columnLimits(study);
  // Model comparison (roles, or one program on several models) compares models; prompt
  // development (one model) compares variants.
  const mode: CompareMode = study && !study.sameProgram && study.roles.length === 0 && study.sameModel ? 'variants' : 'models';
  return {
    mode,
    modelColumns: defaultModelColumns(task, allowed, base, min),
    variantModel: base.model,
    variants: defaultVariants(base, min, names),
  };
}

function styleOf(id: string, allowed: readonly ModelInfo[], fallback: TextProgram['style']): TextProgram['style'] {
  return allowed.find((m) => m.id === id)?.style ?? fallback;
}

/** The columns the setup describes, each with the exact program that runs (and is submitted). */
export function buildColumns(setup: CompareSetup, base: TextProgram, allowed: readonly ModelInfo[], names: Pick<SetupNames, 'variant'>): Column[] {
  const labelOf = (id: string) => allowed.find((m) => m.id === id)?.label ?? id;
  if (setup.mode === 'models') {
    return setup.modelColumns.map((column) => ({
      name: column.name.trim() || labelOf(column.model),
      model: column.model,
      program: cleanTextProgram({ ...base, model: column.model, style: styleOf(column.model, allowed, base.style) }),
    }));
  }
  return setup.variants.map((variant, index) => {
    const source = variant.source ?? base;
    return {
      name: variant.name.trim() || names.variant(index + 1),
      model: setup.variantModel,
      program: cleanTextProgram({
        ...source,
        task: base.task ?? source.task,
        model: setup.variantModel,
        style: styleOf(setup.variantModel, allowed, source.style),
        instruction: variant.instruction,
        template: { ...source.template, input: variant.input, output: variant.output },
        examples: source.examples.slice(0, Math.max(0, variant.examples)),
      }),
    };
  });
}

/**
 * A variant with its own few-shot examples (picked from the dev pool in Compare): they live in the
 * variant's `source` program, like a reopened variant's, and all of them are used.
 */
export function withVariantExamples(variant: Variant, base: TextProgram, examples: TextProgram['examples']): Variant {
  return { ...variant, source: { ...(variant.source ?? base), examples }, examples: examples.length };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * A setup saved by an earlier visit (browser storage: possibly from an older version of the page,
 * or hand-edited) onto a fresh one; anything malformed falls back, counts stay within the limits.
 */
export function mergeSetup(
  raw: unknown,
  fallback: CompareSetup,
  limits: { min: number; max: number },
  base: TextProgram,
  allowed: readonly string[],
): CompareSetup {
  if (!isRecord(raw)) return fallback;
  const known = (id: unknown): id is string => isString(id) && allowed.includes(id);
  const within = <T>(list: T[], fill: T[]): T[] =>
    list.length < limits.min ? [...list, ...fill.slice(list.length)].slice(0, Math.max(limits.min, list.length)) : list.slice(0, limits.max);
  const modelColumns = Array.isArray(raw.modelColumns)
    ? raw.modelColumns.filter((c): c is ModelColumn => isRecord(c) && isString(c.name) && known(c.model)).map((c) => ({ name: c.name, model: c.model }))
    : fallback.modelColumns;
  const variants = Array.isArray(raw.variants)
    ? raw.variants
        .filter((v): v is Record<string, unknown> => isRecord(v) && isString(v.name) && isString(v.instruction) && isString(v.input) && isString(v.output))
        .map((v): Variant => {
          const source = isRecord(v.source) ? mergeTextDraft(v.source, base) : undefined;
          const examples = typeof v.examples === 'number' && Number.isFinite(v.examples) ? Math.trunc(v.examples) : 0;
          return {
            name: v.name as string,
            instruction: v.instruction as string,
            input: v.input as string,
            output: v.output as string,
            examples: Math.max(0, Math.min((source ?? base).examples.length, examples)),
            ...(source ? { source } : {}),
          };
        })
    : fallback.variants;
  return {
    mode: raw.mode === 'variants' || raw.mode === 'models' ? raw.mode : fallback.mode,
    modelColumns: within(modelColumns, fallback.modelColumns),
    variantModel: known(raw.variantModel) ? raw.variantModel : fallback.variantModel,
    variants: within(variants, fallback.variants),
  };
}
