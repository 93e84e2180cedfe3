// Reads dev.jsonl / test.jsonl. Every problem names the file and line; problems in the hidden split
// never quote the case's content (only field names and the task's own label list).
import fs from 'node:fs';
import path from 'node:path';
import type { JsonValue } from '../core/json.js';
import type { AnyEvaluator } from '../core/evaluator.js';
import { inputFields, type Split, type TaskCase, type TaskConfig } from '../core/task.js';
import { displayPath } from './format-problems.js';

export type CaseCheckContext = {
  config: TaskConfig;
  dir: string;
  /** Evaluators of the task with their parsed params, to check expected values. */
  evaluators: { evaluator: AnyEvaluator; params: unknown }[];
  displayRoot?: string;
};

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif']);

function isPlainObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function loadCases(split: Split, context: CaseCheckContext): { cases: TaskCase[]; problems: string[] } {
  const file = path.join(context.dir, `${split}.jsonl`);
  const label = displayPath(file, context.displayRoot);
  if (!fs.existsSync(file)) return { cases: [], problems: [`${label}: file is missing (one JSON object per line)`] };

  const { config } = context;
  const fields = inputFields(config);
  const expectedField = config.fields.expected;
  const labels = config.fields.labels;
  const imageClassify = config.modality === 'image-text' && config.mode === 'classify';
  const imageRetrieve = config.modality === 'image-text' && config.mode === 'retrieve';
  const cases: TaskCase[] = [];
  const problems: string[] = [];
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);

  lines.forEach((text, index) => {
    const where = `${label} line ${index + 1}`;
    if (text.trim() === '') return;
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch (error) {
      problems.push(`${where}: not valid JSON (${(error as Error).message})`);
      return;
    }
    if (!isPlainObject(line)) {
      problems.push(`${where}: must be a JSON object like {"${fields[0]}": ..., "${expectedField}": ...}`);
      return;
    }
    const lineProblems: string[] = [];
    const inputs: Record<string, string> = {};
    for (const field of fields) {
      const value = line[field];
      if (typeof value !== 'string') lineProblems.push(`"${field}" must be a string${value === undefined ? ' (it is missing)' : ''}`);
      else inputs[field] = value;
    }
    const expected = line[expectedField];
    if (expected === undefined) lineProblems.push(`"${expectedField}" is missing`);
    else if (labels && (typeof expected !== 'string' || !labels.includes(expected))) {
      lineProblems.push(`"${expectedField}" must be one of ${labels.join(', ')}`);
    } else {
      for (const { evaluator, params } of context.evaluators) {
        const problem = evaluator.checkExpected?.(expected, params);
        if (problem) lineProblems.push(`${problem} (evaluator ${evaluator.name})`);
      }
    }
    const id = line.id ?? `${split}-${index + 1}`;
    if (typeof id !== 'string' && typeof id !== 'number') lineProblems.push('"id" must be a string or a number');

    let imagePath: string | undefined;
    if (imageClassify && fields[0] && typeof inputs[fields[0]] === 'string') {
      const image = resolveImage(inputs[fields[0]]!, fields[0], split, context.dir);
      if (typeof image === 'string') imagePath = image;
      else lineProblems.push(image.problem);
    }
    // Retrieval: every expected id is a gallery image, so it must be a file in images/ too.
    if (imageRetrieve && expected !== undefined && !lineProblems.length) {
      for (const id of Array.isArray(expected) ? expected : [expected]) {
        const image =
          typeof id === 'string' ? resolveImage(id, expectedField, split, context.dir) : { problem: `"${expectedField}" must name image files in images/` };
        if (typeof image !== 'string') lineProblems.push(image.problem);
      }
    }

    if (lineProblems.length) {
      problems.push(...lineProblems.map((problem) => `${where}: ${problem}`));
      return;
    }
    const extra: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(line)) {
      if (key !== 'id' && key !== expectedField && !fields.includes(key)) extra[key] = value;
    }
    cases.push({ id: String(id), split, inputs, expected: expected!, extra, ...(imagePath ? { imagePath } : {}) });
  });

  if (cases.length === 0 && problems.length === 0) problems.push(`${label}: has no cases`);
  return { cases, problems };
}

/** The absolute path of an image named in a case, or the problem (hidden file names are not quoted). */
function resolveImage(name: string, field: string, split: Split, dir: string): string | { problem: string } {
  const resolved = path.resolve(dir, 'images', name);
  if (!resolved.startsWith(path.resolve(dir, 'images') + path.sep)) return { problem: `"${field}" must be a file name inside images/` };
  if (!IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase())) return { problem: `"${field}" must name a .png, .jpg, .webp or .gif file` };
  if (!fs.existsSync(resolved)) return { problem: `"${field}": images/${split === 'test' ? '<hidden file>' : name} does not exist` };
  return resolved;
}

/** Case ids unique across splits, and no input shared by dev and test (the dev split is the few-shot pool). */
export function checkSplits(dev: TaskCase[], test: TaskCase[], taskLabel: string): string[] {
  const problems: string[] = [];
  const seen = new Map<string, Split>();
  for (const testCase of [...dev, ...test]) {
    const previous = seen.get(testCase.id);
    if (previous) problems.push(`${taskLabel}: case id "${testCase.id}" appears twice (${previous} and ${testCase.split}); ids must be unique`);
    seen.set(testCase.id, testCase.split);
  }
  const key = (c: TaskCase) => JSON.stringify(Object.values(c.inputs).map((v) => v.trim().toLowerCase()));
  const devInputs = new Set(dev.map(key));
  const leaked = test.filter((c) => devInputs.has(key(c)));
  if (leaked.length) {
    problems.push(
      `${taskLabel}: ${leaked.length} test case(s) have the same input as a dev case; the splits must be disjoint (test ids: ${leaked.map((c) => c.id).join(', ')})`,
    );
  }
  return problems;
}
