// Completeness of a study against its task's `study:` block. Each check is a line of the report,
// so a student sees exactly which part of the exercise is missing.
import type { StudyConfig, StudyProgram } from '../core/study.js';
import { countWords } from '../shared/count-words.js';

export type StudyCheck = { name: string; passed: boolean; message: string };

/** A program with what may differ between model-comparison variants removed. */
function programCore(program: StudyProgram['variants'][number]['program']): string {
  const { model: _model, task: _task, ...rest } = program as Record<string, unknown>;
  if (rest.kind === 'text') delete rest.style;
  return JSON.stringify(rest);
}

export function checkStudy(study: StudyProgram, config: StudyConfig): StudyCheck[] {
  const checks: StudyCheck[] = [];
  const count = study.variants.length;
  const { min, max } = config.variants;
  const range = min === max ? `${min}` : `${min} to ${max}`;
  checks.push({ name: 'variants', passed: count >= min && count <= max, message: `${count} variant${count === 1 ? '' : 's'} (this task asks for ${range})` });
  if (config.sameModel) {
    const models = [...new Set(study.variants.map((v) => v.program.model))];
    checks.push({
      name: 'same model',
      passed: models.length === 1,
      message:
        models.length === 1
          ? `all variants use ${models[0]}`
          : `variants use different models (${models.join(', ')}); prompt development compares prompts on one model`,
    });
  }
  if (config.sameProgram) {
    const cores = new Set(study.variants.map((v) => programCore(v.program)));
    checks.push({
      name: 'same program',
      passed: cores.size === 1,
      message:
        cores.size === 1
          ? 'all variants are the same program on different models'
          : 'variants differ in more than the model; a model comparison keeps the prompt fixed',
    });
  }
  for (const role of config.roles) {
    const variant = study.variants.find((v) => v.name === role.name);
    const passed = Boolean(variant && role.models.includes(variant.program.model));
    checks.push({
      name: `role ${role.name}`,
      passed,
      message: !variant
        ? `no variant named "${role.name}" (${role.description.en || `use one of ${role.models.join(', ')}`})`
        : passed
          ? `"${role.name}" runs on ${variant.program.model}`
          : `"${role.name}" must run on one of ${role.models.join(', ')}, not ${variant.program.model}`,
    });
  }
  for (const pair of config.pairs) {
    const [first, second] = pair.roles.map((role) => study.variants.find((v) => v.name === role));
    const models = [first?.program.model, second?.program.model];
    const passed = pair.models.some(([a, b]) => a === models[0] && b === models[1]);
    const options = pair.models.map(([a, b]) => `${a} and ${b}`).join(', or ');
    const [a, b] = pair.roles;
    checks.push({
      name: `pair ${a}/${b}`,
      passed,
      message:
        !first || !second
          ? `"${a}" and "${b}" compare one family (${options}); name a variant after each`
          : passed
            ? `"${a}" and "${b}" run on ${models[0]} and ${models[1]}, one family`
            : `"${a}" and "${b}" must run on one family (${options}), not ${models[0]} and ${models[1]}`,
    });
  }
  if (config.reflection.required) {
    const words = countWords(study.reflection);
    checks.push({
      name: 'reflection',
      passed: words >= config.reflection.minWords,
      message: `reflection of ${words} words (at least ${config.reflection.minWords}; read by staff, not scored automatically)`,
    });
  }
  return checks;
}
