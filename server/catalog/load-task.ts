// Loads one task folder: task.yaml (+ README.md) and both splits, collecting every problem so staff
// fix them all in one pass instead of one per run.
import fs from 'node:fs';
import path from 'node:path';
import type { AnyEvaluator } from '../core/evaluator.js';
import { TaskError } from '../core/errors.js';
import { TaskConfigSchema, type Task, type TaskConfig } from '../core/task.js';
import { displayPath, formatZodIssues, parseYamlWithLines } from './format-problems.js';
import { checkSplits, loadCases } from './load-cases.js';
import { loadReadmes } from './load-readmes.js';

export type EvaluatorLookup = (name: string) => AnyEvaluator | undefined;

export type LoadTaskOptions = {
  getEvaluator: EvaluatorLookup;
  evaluatorNames: string[];
  /** Model ids from models.yaml; when given, a task naming another model is a problem. */
  knownModels?: string[];
  displayRoot?: string;
};

export type TaskLoadResult = { task: Task | null; problems: string[] };

export function loadTaskDir(dir: string, options: LoadTaskOptions): TaskLoadResult {
  const file = path.join(dir, 'task.yaml');
  const label = displayPath(file, options.displayRoot);
  if (!fs.existsSync(file)) return { task: null, problems: [`${label}: file is missing`] };

  const parsed = parseYamlWithLines(fs.readFileSync(file, 'utf8'), label);
  if (parsed.problems.length) return { task: null, problems: parsed.problems };
  const result = TaskConfigSchema.safeParse(parsed.value ?? {});
  if (!result.success) return { task: null, problems: formatZodIssues(result.error, label, { lineOf: parsed.lineOf }) };
  const config = result.data;

  const problems: string[] = [];
  const where = (keyPath: PropertyKey[]) => {
    const line = parsed.lineOf(keyPath);
    return `${label}${line ? ` line ${line}` : ''}`;
  };
  const folderName = path.basename(dir);
  if (config.id !== folderName) problems.push(`${where(['id'])} (id): is "${config.id}" but the folder is "${folderName}"; they must match`);
  if (options.knownModels) {
    config.models.forEach((model, index) => {
      if (!options.knownModels!.includes(model)) {
        problems.push(
          `${where(['models', index])} (models[${index}]): unknown model "${model}"; configured models: ${options.knownModels!.join(', ') || '(none)'}`,
        );
      }
    });
  }
  if (config.metric.aggregate === 'macro-f1' || config.metric.aggregate === 'mean-per-class-recall') {
    if (!config.fields.labels) problems.push(`${where(['metric', 'aggregate'])} (metric.aggregate): ${config.metric.aggregate} needs fields.labels`);
  }

  const evaluators = checkEvaluators(config, options, where, problems);
  const casesDir = config.casesFrom ? path.join(path.dirname(dir), config.casesFrom) : dir;
  if (config.casesFrom && !fs.existsSync(path.join(casesDir, 'task.yaml'))) {
    problems.push(`${where(['casesFrom'])} (casesFrom): no task folder "${config.casesFrom}" next to this one`);
    return { task: null, problems };
  }
  const context = { config, dir: casesDir, evaluators, ...(options.displayRoot ? { displayRoot: options.displayRoot } : {}) };
  const dev = loadCases('dev', context);
  const test = loadCases('test', context);
  problems.push(...dev.problems, ...test.problems);
  if (!dev.problems.length && !test.problems.length) problems.push(...checkSplits(dev.cases, test.cases, displayPath(dir, options.displayRoot)));

  if (config.fields.labelNames) {
    for (const name of Object.keys(config.fields.labelNames)) {
      if (!config.fields.labels?.includes(name)) {
        problems.push(`${where(['fields', 'labelNames', name])} (fields.labelNames.${name}): "${name}" is not one of fields.labels`);
      }
    }
  }

  const readmes = loadReadmes(dir, options.displayRoot);
  problems.push(...readmes.problems);
  const readme = readmes.readme;
  if (!config.description.en && !readme.en)
    problems.push(`${label}: give a student-facing description (the "description" key or a README.md next to task.yaml)`);

  if (problems.length) return { task: null, problems };
  return { task: { ...config, dir: path.resolve(dir), casesDir: path.resolve(casesDir), readme, dev: dev.cases, test: test.cases }, problems: [] };
}

function checkEvaluators(
  config: TaskConfig,
  options: LoadTaskOptions,
  where: (keyPath: PropertyKey[]) => string,
  problems: string[],
): { evaluator: AnyEvaluator; params: unknown }[] {
  const checked: { evaluator: AnyEvaluator; params: unknown }[] = [];
  config.evaluators.forEach((use, index) => {
    const evaluator = options.getEvaluator(use.name);
    if (!evaluator) {
      problems.push(
        `${where(['evaluators', index, 'name'])} (evaluators[${index}].name): unknown evaluator "${use.name}"; available: ${options.evaluatorNames.join(', ')}`,
      );
      return;
    }
    const params = evaluator.params.safeParse(use.params);
    if (!params.success) {
      problems.push(...formatZodIssues(params.error, where(['evaluators', index, 'params']), { prefix: ['evaluators', index, 'params'] }));
      return;
    }
    use.params = params.data as Record<string, unknown>;
    checked.push({ evaluator, params: params.data });
  });
  const labels = config.evaluators.map((use) => use.label ?? use.name);
  const duplicate = labels.find((name, index) => labels.indexOf(name) !== index);
  if (duplicate) problems.push(`${where(['evaluators'])} (evaluators): "${duplicate}" is used twice; give each use a distinct "label"`);
  return checked;
}

/** Throws a TaskError listing every problem; for callers that need a valid task or nothing. */
export function loadTaskOrThrow(dir: string, options: LoadTaskOptions): Task {
  const { task, problems } = loadTaskDir(dir, options);
  if (!task) throw new TaskError(problems);
  return task;
}
