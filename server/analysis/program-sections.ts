// The parts of a submitted program that say what its author wrote, as plain text for the similarity
// check: a text program's instruction and each few-shot example (input and answer together); an
// image-text program's templates and class names; a study's variants, each part named after its
// variant. Decoding settings, templates of a text program and model choice are left out: everyone
// picks from the same few, so they say nothing about who copied whom.
import { PromptProgramSchema, type PromptProgram } from '../core/prompt-program.js';
import { StudyProgramSchema } from '../core/study.js';

export type ProgramSection = { label: string; text: string };

function sectionsOf(program: PromptProgram, prefix: string): ProgramSection[] {
  if (program.kind === 'image-text') {
    return [
      ...program.templates.map((template, index) => ({ label: `${prefix}template ${index + 1}`, text: template.replaceAll('{label}', ' ') })),
      ...Object.entries(program.labels).map(([id, names]) => ({ label: `${prefix}class ${id}`, text: names.join(', ') })),
    ];
  }
  return [
    ...(program.instruction.trim() ? [{ label: `${prefix}instruction`, text: program.instruction }] : []),
    ...program.examples.map((example, index) => ({
      label: `${prefix}example ${index + 1}`,
      text: `${typeof example.input === 'string' ? example.input : Object.values(example.input).join('\n')}\n${example.output}`,
    })),
  ];
}

/** Sections of a stored program (a prompt program or a study); [] for anything that does not parse. */
export function programSections(stored: unknown): ProgramSection[] {
  const study = StudyProgramSchema.safeParse(stored);
  if (study.success) return study.data.variants.flatMap((variant) => sectionsOf(variant.program, `${variant.name}: `));
  const program = PromptProgramSchema.safeParse(stored);
  return program.success ? sectionsOf(program.data, '') : [];
}

/** The model a stored program names (a study: its variants' models, joined). */
export function programModel(stored: unknown): string {
  const study = StudyProgramSchema.safeParse(stored);
  if (study.success) return [...new Set(study.data.variants.map((variant) => variant.program.model))].join(', ');
  const program = PromptProgramSchema.safeParse(stored);
  return program.success ? program.data.model : '';
}
