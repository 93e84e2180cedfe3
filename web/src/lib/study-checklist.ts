// A preview, in the browser, of the completeness checks the grader runs on a study
// (server/prompts/check-study.ts `checkStudy`): same checks, same names, same pass/fail, with
// localised messages. The server's report stays authoritative (it also checks that each variant
// runs). Separately, `studyBlockers` lists what would make the server refuse the submission.
import type { PublicStudyConfig } from '../../../server/core/api.js';
import type { MessageKey } from '../i18n/messages-en.js';
import type { MessageParams } from '../i18n/format-message.js';
import { countWords } from '../../../server/shared/count-words.js';

type ProgramLike = { model: string; kind: string } & Record<string, unknown>;
export type StudyDraft = { variants: { name: string; program: ProgramLike }[]; reflection: string };
export type ChecklistItem = { name: string; passed: boolean; key: MessageKey; params: MessageParams };

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

export function studyChecklist(study: StudyDraft, config: PublicStudyConfig): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const count = study.variants.length;
  const { min, max } = config.variants;
  items.push({
    name: 'variants',
    passed: count >= min && count <= max,
    key: min === max ? 'check.variantsExact' : 'check.variantsRange',
    params: { count, min, max },
  });
  if (config.sameModel) {
    const models = [...new Set(study.variants.map((v) => v.program.model))];
    items.push(
      models.length === 1
        ? { name: 'same model', passed: true, key: 'check.sameModel', params: { model: models[0]! } }
        : { name: 'same model', passed: false, key: 'check.sameModelFailed', params: { models: models.join(', ') } },
    );
  }
  if (config.sameProgram) {
    const same = new Set(study.variants.map((v) => programCore(v.program))).size <= 1;
    items.push({ name: 'same program', passed: same, key: same ? 'check.sameProgram' : 'check.sameProgramFailed', params: {} });
  }
  for (const role of config.roles) {
    const variant = study.variants.find((v) => v.name === role.name);
    const models = role.models.join(', ');
    if (!variant) items.push({ name: `role ${role.name}`, passed: false, key: 'check.roleMissing', params: { role: role.name, models } });
    else if (role.models.includes(variant.program.model))
      items.push({ name: `role ${role.name}`, passed: true, key: 'check.role', params: { role: role.name, model: variant.program.model } });
    else
      items.push({ name: `role ${role.name}`, passed: false, key: 'check.roleWrongModel', params: { role: role.name, models, model: variant.program.model } });
  }
  for (const pair of config.pairs) {
    const [first, second] = pair.roles.map((role) => study.variants.find((v) => v.name === role));
    const [a, b] = pair.roles;
    const options = pair.models.map(([one, other]) => `${one} + ${other}`).join(', ');
    const name = `pair ${a}/${b}`;
    if (!first || !second) items.push({ name, passed: false, key: 'check.pairMissing', params: { a, b, options } });
    else if (pair.models.some(([one, other]) => one === first.program.model && other === second.program.model))
      items.push({ name, passed: true, key: 'check.pair', params: { a, b, first: first.program.model, second: second.program.model } });
    else items.push({ name, passed: false, key: 'check.pairWrong', params: { a, b, options, first: first.program.model, second: second.program.model } });
  }
  if (config.reflection.required) {
    const words = countWords(study.reflection);
    items.push({
      name: 'reflection',
      passed: words >= config.reflection.minWords,
      key: 'check.reflection',
      params: { words, min: config.reflection.minWords },
    });
  }
  return items;
}

/** Limits of the study format itself (server/core/study.ts): the server refuses a study that breaks them. */
export const MAX_STUDY_VARIANTS = 8;
export const MAX_VARIANT_NAME = 80;
export const MAX_REFLECTION_CHARS = 20_000;

export type Blocker = { key: MessageKey; params: MessageParams };

/** Why the server would refuse this study outright (not a completeness issue: it would not be graded). */
export function studyBlockers(study: StudyDraft): Blocker[] {
  const blockers: Blocker[] = [];
  if (study.variants.length === 0 || study.variants.length > MAX_STUDY_VARIANTS)
    blockers.push({ key: 'blocker.variantCount', params: { max: MAX_STUDY_VARIANTS } });
  const seen = new Set<string>();
  study.variants.forEach((variant, index) => {
    const name = variant.name;
    if (!name.trim()) blockers.push({ key: 'blocker.nameEmpty', params: { number: index + 1 } });
    else if (name.length > MAX_VARIANT_NAME) blockers.push({ key: 'blocker.nameTooLong', params: { name: `${name.slice(0, 20)}…`, max: MAX_VARIANT_NAME } });
    else if (seen.has(name)) blockers.push({ key: 'blocker.nameTwice', params: { name } });
    seen.add(name);
  });
  if (study.reflection.length > MAX_REFLECTION_CHARS) blockers.push({ key: 'blocker.reflectionTooLong', params: { max: MAX_REFLECTION_CHARS } });
  return blockers;
}
