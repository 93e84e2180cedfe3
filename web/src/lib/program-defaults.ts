// Starting programs for a task, and tolerant merging of a saved draft (which the server stores as
// sent, possibly incomplete or from an older version of the editor) onto those defaults.
import type { PublicTask } from '../../../server/core/api.js';
import type { ModelInfo } from '../../../server/core/model.js';
import type { ImageTextProgram, TextProgram } from '../../../server/core/prompt-program.js';
import { defaultModelId } from './task-models.js';

export function inputFieldsOf(task: Pick<PublicTask, 'fields'>): string[] {
  return Array.isArray(task.fields.input) ? task.fields.input : [task.fields.input];
}

function titleCase(field: string): string {
  const words = field.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function defaultTextProgram(task: PublicTask, models: readonly ModelInfo[]): TextProgram {
  const fields = inputFieldsOf(task);
  const model = defaultModelId(task, models);
  const style = models.find((m) => m.id === model)?.style ?? 'completion';
  const input = fields.length === 1 ? `${titleCase(fields[0]!)}: {input}` : fields.map((f) => `${titleCase(f)}: {${f}}`).join('\n');
  const labels = task.fields.labels;
  return {
    kind: 'text',
    task: task.id,
    model,
    style,
    instruction: '',
    examples: [],
    template: { input, output: `${titleCase(task.fields.expected)}: {output}`, separator: '\n\n', joiner: '\n' },
    examplesAs: 'turns',
    decoding: { temperature: 0, topP: 1, maxTokens: task.limits.maxOutputTokens, stop: ['\n'] },
    answer: labels ? { mode: 'generate', labels: Object.fromEntries(labels.map((l) => [l, [l]])) } : { mode: 'generate' },
  };
}

export function defaultImageTextProgram(task: PublicTask, models: readonly ModelInfo[] = []): ImageTextProgram {
  return {
    kind: 'image-text',
    task: task.id,
    model: defaultModelId(task, models),
    labels: Object.fromEntries((task.fields.labels ?? []).map((l) => [l, [l]])),
    templates: task.mode === 'retrieve' ? ['{label}'] : ['a photo of a {label}.'],
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const pick = <T>(value: unknown, fallback: T, check: (v: unknown) => boolean): T => (check(value) ? (value as T) : fallback);
const isString = (v: unknown) => typeof v === 'string';
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isStringArray = (v: unknown) => Array.isArray(v) && v.every(isString);
const isLabelMap = (v: unknown) => isRecord(v) && Object.values(v).every(isStringArray);

export function mergeTextDraft(raw: unknown, base: TextProgram): TextProgram {
  if (!isRecord(raw) || raw.kind !== 'text') return base;
  const template = isRecord(raw.template) ? raw.template : {};
  const decoding = isRecord(raw.decoding) ? raw.decoding : {};
  const answer = isRecord(raw.answer) ? raw.answer : {};
  const examples = Array.isArray(raw.examples)
    ? raw.examples.filter((e): e is TextProgram['examples'][number] => isRecord(e) && isString(e.output) && (isString(e.input) || isRecord(e.input)))
    : base.examples;
  const maxTokens = isNumber(decoding.maxTokens) ? (decoding.maxTokens as number) : base.decoding.maxTokens;
  const extract = isString(answer.extract) ? (answer.extract as string) : undefined;
  const labels = isLabelMap(answer.labels) ? (answer.labels as Record<string, string[]>) : raw.answer === undefined ? base.answer.labels : undefined;
  return {
    ...base,
    model: pick(raw.model, base.model, isString),
    style: raw.style === 'chat' || raw.style === 'completion' ? raw.style : base.style,
    instruction: pick(raw.instruction, base.instruction, isString),
    examples,
    template: {
      input: pick(template.input, base.template.input, isString),
      output: pick(template.output, base.template.output, isString),
      separator: pick(template.separator, base.template.separator, isString),
      joiner: pick(template.joiner, base.template.joiner, isString),
    },
    examplesAs: raw.examplesAs === 'inline' ? 'inline' : 'turns',
    decoding: {
      temperature: pick(decoding.temperature, base.decoding.temperature, isNumber),
      topP: pick(decoding.topP, base.decoding.topP, isNumber),
      ...(maxTokens !== undefined ? { maxTokens } : {}),
      stop: pick(decoding.stop, base.decoding.stop, isStringArray),
    },
    answer: {
      mode: answer.mode === 'score-choices' ? 'score-choices' : 'generate',
      ...(extract !== undefined ? { extract } : {}),
      ...(labels ? { labels } : {}),
    },
  };
}

export function mergeImageTextDraft(raw: unknown, base: ImageTextProgram): ImageTextProgram {
  if (!isRecord(raw) || raw.kind !== 'image-text') return base;
  return {
    ...base,
    model: pick(raw.model, base.model, isString),
    labels: pick(raw.labels, base.labels, isLabelMap),
    templates: pick(raw.templates, base.templates, (v) => isStringArray(v) && (v as string[]).length > 0),
  };
}
