// What goes into the Gradescope autograder zip: the two scripts at the root, the grader (the
// sources `sandbox grade --gradescope` runs, with package.json and the lock file for npm ci), the
// task folder (and the folder its cases come from), a models.yaml with the task's models only, and
// optionally the files of chosen local models.
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { ConfigError } from '../../core/errors.js';
import type { Task } from '../../core/task.js';
import type { ModelsConfig } from '../../models/models-config.js';
import { runAutograderScript, setupScript } from './autograder-scripts.js';
import type { ZipEntry } from './zip-writer.js';

/** Project files and folders the grader needs, relative to the project root. */
export const GRADER_PATHS = ['package.json', 'package-lock.json', 'tsconfig.json', 'bin/sandbox.js', 'bin/compiled-dist.js', 'server', 'evaluators'];

// Tests, editor and OS litter stay out; the grader never reads them.
const skipped = (name: string) => name === 'node_modules' || name.startsWith('.') || /\.test\.ts$/.test(name);

function* walk(absolute: string, inZip: string): Generator<ZipEntry> {
  const stat = fs.statSync(absolute);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(absolute).sort()) {
      if (!skipped(name)) yield* walk(path.join(absolute, name), `${inZip}/${name}`);
    }
    return;
  }
  yield { name: inZip, path: absolute, mode: stat.mode & 0o111 ? 0o755 : 0o644 };
}

export type PackagePlan = {
  projectRoot: string;
  task: Task;
  modelsConfig: ModelsConfig;
  /** Where local model folders are (SANDBOX_MODELS_DIR). */
  modelsDir: string;
  /** Local models whose files go into the zip (ids from models.yaml). */
  bundledModels: string[];
  /** API keys for the task's providers (variable -> value), written to source/.env; empty: none. */
  keys?: Record<string, string>;
};

/** The API-key variables the task's models need (apiKeyEnv of their openai providers). */
export function keyVariables(plan: Pick<PackagePlan, 'task' | 'modelsConfig'>): string[] {
  const names = new Set<string>();
  for (const id of plan.task.models) {
    const model = plan.modelsConfig.models.find((m) => m.id === id);
    const provider = model ? plan.modelsConfig.providers[model.provider] : undefined;
    if (provider?.type === 'openai' && provider.apiKeyEnv) names.add(provider.apiKeyEnv);
  }
  return [...names].sort();
}

/** models.yaml for the package: the task's models and the providers they use, nothing else. */
export function packagedModelsYaml(plan: Pick<PackagePlan, 'task' | 'modelsConfig'>): string {
  const { task, modelsConfig } = plan;
  const models = task.models.map((id) => {
    const model = modelsConfig.models.find((m) => m.id === id);
    if (!model) throw new ConfigError(`task ${task.id} allows model ${id}, which ${modelsConfig.source} does not configure`);
    return model;
  });
  const providers = Object.fromEntries(
    [...new Set(models.map((m) => m.provider))].map((name) => {
      const { name: _name, ...provider } = modelsConfig.providers[name]!;
      return [name, provider];
    }),
  );
  return `# Written by \`sandbox gradescope package\` for task ${task.id}: the models this task allows.\n${stringify({ providers, models })}`;
}

export function* packageEntries(plan: PackagePlan): Generator<ZipEntry> {
  const { projectRoot, task, modelsConfig } = plan;
  yield { name: 'setup.sh', data: Buffer.from(setupScript()), mode: 0o755 };
  yield { name: 'run_autograder', data: Buffer.from(runAutograderScript(task.id)), mode: 0o755 };
  for (const relative of GRADER_PATHS) {
    const absolute = path.join(projectRoot, relative);
    if (!fs.existsSync(absolute))
      throw new ConfigError(`the grader's ${relative} is missing under ${projectRoot}; package from a complete checkout of the sandbox`);
    yield* walk(absolute, relative);
  }
  yield { name: 'models.yaml', data: Buffer.from(packagedModelsYaml(plan)) };
  const keys = Object.entries(plan.keys ?? {});
  if (keys.length) {
    // Read by the grader from its working directory (server/config.ts loadDotEnv). Only the keys
    // the task's providers name, never the rest of the staff's environment file.
    yield { name: '.env', data: Buffer.from(keys.map(([name, value]) => `${name}=${value}\n`).join('')), mode: 0o600 };
  }
  yield* walk(task.dir, `tasks/${path.basename(task.dir)}`);
  if (task.casesDir !== task.dir) yield* walk(task.casesDir, `tasks/${path.basename(task.casesDir)}`);
  for (const id of plan.bundledModels) {
    const model = modelsConfig.models.find((m) => m.id === id);
    if (!model) throw new ConfigError(`--models: ${id} is not configured in ${modelsConfig.source}`);
    if (!task.models.includes(id)) throw new ConfigError(`--models: task ${task.id} does not allow ${id} (it allows ${task.models.join(', ')})`);
    if (modelsConfig.providers[model.provider]?.type !== 'transformers') {
      throw new ConfigError(`--models: ${id} is served by provider ${model.provider} (an API), so it has no files to package`);
    }
    const folder = path.join(plan.modelsDir, model.model);
    if (!fs.existsSync(folder)) throw new ConfigError(`--models: the files of ${id} are not at ${folder}; run \`sandbox models pull ${id}\` first`);
    yield* walk(folder, `models/${model.model}`);
  }
}
