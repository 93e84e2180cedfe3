// `sandbox gradescope package`: builds the autograder zip that staff upload to a Gradescope
// programming assignment (Configure Autograder -> Zip file upload).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { loadModelsConfig } from '../../models/models-config.js';
import { openCatalog } from '../../runtime.js';
import { parseFlags } from '../args.js';
import { loadDotEnv } from '../../config.js';
import { ConfigError } from '../../core/errors.js';
import { keyVariables, packageEntries } from '../gradescope/package-entries.js';
import { writeZip } from '../gradescope/zip-writer.js';
import type { Output } from '../output.js';

export const gradescopePackageUsage = `Usage: sandbox gradescope package --task <id> [--models <id,id>] [--out <file.zip>]
Builds the Gradescope autograder zip for one task: setup.sh and run_autograder at its root, the
grader's sources with package.json and package-lock.json, the task folder and a models.yaml with
the task's models.
Options:
  --task <id>         the task students submit a program for
  --models <ids>      local models whose files go into the zip (comma-separated), so Gradescope
                      grades offline; API models need their key in source/.env instead
  --env-file <file>   copy the API keys the task's models need (their apiKeyEnv variables, and
                      nothing else) from this .env file into the zip, for API models; the zip
                      then holds a secret: upload it only to Gradescope
  --out <file.zip>    where to write the zip (default: autograder-<task>.zip)`;

const FlagsSchema = z.object({
  task: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a task id such as sentiment'),
  models: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  out: z
    .string()
    .regex(/\.zip$/i, 'the file name must end in .zip')
    .optional(),
  'env-file': z.string().min(1).optional(),
});

const flagSpec = { task: { type: 'string' }, models: { type: 'string' }, out: { type: 'string' }, 'env-file': { type: 'string' } } as const;

export async function runGradescopePackage(argv: string[], deps: { config: Config; projectRoot: string }, output: Output): Promise<number> {
  const { flags } = parseFlags(argv, flagSpec, FlagsSchema, gradescopePackageUsage);
  const { config, projectRoot } = deps;
  const modelsConfig = loadModelsConfig(config.modelsConfigPath);
  const task = openCatalog(
    config,
    modelsConfig.models.map((m) => m.id),
  ).task(flags.task);
  const out = path.resolve(config.root, flags.out ?? `autograder-${task.id}.zip`);
  const keys = flags['env-file'] ? readKeys(path.resolve(config.root, flags['env-file']), keyVariables({ task, modelsConfig })) : {};
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const partial = `${out}.partial`;
  try {
    const written = await writeZip(
      partial,
      packageEntries({ projectRoot, task, modelsConfig, modelsDir: config.modelsDir, bundledModels: flags.models, keys }),
    );
    // Renamed only when complete, so a failed run never leaves a zip that looks fine.
    fs.renameSync(partial, out);
    const shown = path.relative(config.root, out);
    output.out(`Wrote ${shown.startsWith('..') ? out : shown}: ${written.entries} files, ${(written.bytes / 1e6).toFixed(1)} MB.`);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  const bundled = flags.models.length ? `local model files: ${flags.models.join(', ')}` : 'no model files (add --models <id> to grade local models offline)';
  output.out(`Task ${task.id}, models ${task.models.join(', ')}; ${bundled}.`);
  if (Object.keys(keys).length) output.out(`API keys in the zip's .env: ${Object.keys(keys).join(', ')} (keep the zip private).`);
  output.out(
    'Upload it in Gradescope: the assignment -> Configure Autograder -> Zip file upload. Students submit program.json (the sandbox\'s "Download program").',
  );
  return 0;
}

/** The named variables from a .env file; every one must be there (a half-keyed zip fails later). */
function readKeys(file: string, names: string[]): Record<string, string> {
  if (!fs.existsSync(file)) throw new ConfigError(`--env-file ${file}: no such file`);
  const values = loadDotEnv(path.dirname(file), {}, path.basename(file));
  const missing = names.filter((name) => !values[name]?.trim());
  if (missing.length) throw new ConfigError(`--env-file ${file} does not set ${missing.join(', ')}, which the task's models need`);
  return Object.fromEntries(names.map((name) => [name, values[name]!.trim()]));
}
