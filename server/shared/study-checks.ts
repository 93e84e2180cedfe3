// The completeness checks of a study against its task's `study:` block, once for both sides: the
// grader puts them in the report (server/prompts/check-study.ts adds the English sentence) and the
// browser previews them before submitting (web/src/lib/study-checklist.ts). Each check is said by
// code, so the report and the preview read in the student's language. Pure: no I/O.
import { countWords } from './count-words.js';
import { say, type Said } from './messages/say.js';

type ProgramLike = { model: string; kind?: string } & Record<string, unknown>;
export type StudyLike = { variants: readonly { name: string; program: ProgramLike }[]; reflection: string };
/** What the checks read of a study config: the server's StudyConfig and the public one both fit. */
export type StudyRules = {
  variants: { min: number; max: number };
  sameModel: boolean;
  sameProgram: boolean;
  roles: readonly { name: string; models: readonly string[] }[];
  pairs: readonly { roles: readonly [string, string] | readonly string[]; models: readonly (readonly [string, string] | readonly string[])[] }[];
  reflection: { required: boolean; minWords: number };
};
export type StudyCheckLine = { name: string; passed: boolean; said: Said };

/** JSON with sorted keys: two programs built in a different key order are still the same program. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What must not differ between model-comparison variants: all but the model (and a text program's style). */
function programCore(program: ProgramLike): string {
  const { model: _model, task: _task, ...rest } = program;
  if (rest.kind === 'text') delete rest.style;
  return canonical(rest);
}

export function studyChecks(study: StudyLike, rules: StudyRules): StudyCheckLine[] {
  const lines: StudyCheckLine[] = [];
  const count = study.variants.length;
  const { min, max } = rules.variants;
  lines.push({
    name: 'variants',
    passed: count >= min && count <= max,
    said: min === max ? say('check.variants_exact', { count, min }) : say('check.variants_range', { count, min, max }),
  });
  if (rules.sameModel) {
    const models = [...new Set(study.variants.map((v) => v.program.model))];
    lines.push(
      models.length === 1
        ? { name: 'same model', passed: true, said: say('check.same_model', { model: models[0]! }) }
        : { name: 'same model', passed: false, said: say('check.same_model_failed', { models: models.join(', ') }) },
    );
  }
  if (rules.sameProgram) {
    const same = new Set(study.variants.map((v) => programCore(v.program))).size <= 1;
    lines.push({ name: 'same program', passed: same, said: say(same ? 'check.same_program' : 'check.same_program_failed') });
  }
  for (const role of rules.roles) {
    const variant = study.variants.find((v) => v.name === role.name);
    const models = role.models.join(', ');
    const name = `role ${role.name}`;
    if (!variant) lines.push({ name, passed: false, said: say('check.role_missing', { role: role.name, models }) });
    else if (role.models.includes(variant.program.model))
      lines.push({ name, passed: true, said: say('check.role', { role: role.name, model: variant.program.model }) });
    else lines.push({ name, passed: false, said: say('check.role_wrong_model', { role: role.name, models, model: variant.program.model }) });
  }
  for (const pair of rules.pairs) {
    const [a, b] = pair.roles as [string, string];
    const [first, second] = [a, b].map((role) => study.variants.find((v) => v.name === role));
    const options = pair.models.map(([one, other]) => `${one} + ${other}`).join(', ');
    const name = `pair ${a}/${b}`;
    if (!first || !second) lines.push({ name, passed: false, said: say('check.pair_missing', { a, b, options }) });
    else if (pair.models.some(([one, other]) => one === first.program.model && other === second.program.model))
      lines.push({ name, passed: true, said: say('check.pair', { a, b, first: first.program.model, second: second.program.model }) });
    else lines.push({ name, passed: false, said: say('check.pair_wrong', { a, b, options, first: first.program.model, second: second.program.model }) });
  }
  if (rules.reflection.required) {
    const words = countWords(study.reflection);
    lines.push({ name: 'reflection', passed: words >= rules.reflection.minWords, said: say('check.reflection', { words, min: rules.reflection.minWords }) });
  }
  return lines;
}
