// `sandbox tasks check [--no-run] [id...]`: validates task folders and assignment files, then proves
// each valid task sound (case counts, staff programs, oracle, reference vs baseline on a real
// model). Non-zero exit on any problem, so CI and staff catch a broken task before students do.
import { z } from 'zod';
import type { Catalog } from '../../catalog/catalog.js';
import type { Config } from '../../config.js';
import { checkTaskSoundness, type SoundnessDeps } from '../../soundness/check-task.js';
import { failed, type TaskSoundness } from '../../soundness/report.js';
import { parseFlags } from '../args.js';
import { paint, type Output } from '../output.js';
import { printSoundness, printSummary } from './tasks-check-output.js';
import { openTasksCheck } from './tasks-check-deps.js';

export const tasksCheckUsage = `Usage: sandbox tasks check [--no-run] [id...]

Checks every task folder and assignment (or only the given task ids): the task files and splits,
case counts, the staff reference.json and baseline.json, the oracle (expected answers get full
marks, corrupted answers low marks) and, when a real model is available (its API key is set or its
local files are present), that the reference beats the baseline on the dev split.

  --no-run    do not call any model; reference-vs-baseline is reported as NOT RUN`;

const FlagsSchema = z.object({ 'no-run': z.boolean().default(false) }).strict();

export async function runTasksCheck(argv: string[], config: Config, output: Output): Promise<number> {
  const { flags, positionals: ids } = parseFlags(argv, { 'no-run': { type: 'boolean' } }, FlagsSchema, tasksCheckUsage);
  const session = openTasksCheck(config, { noRun: flags['no-run'] });
  try {
    return await checkCatalog(session.catalog, ids, session.deps, output);
  } finally {
    await session.close();
  }
}

export async function checkCatalog(catalog: Catalog, ids: string[], deps: SoundnessDeps, output: Output): Promise<number> {
  const checks = catalog.checks();
  const unknown = ids.filter((id) => !checks.some((check) => check.id === id));
  if (unknown.length) {
    output.err(
      `No task folder named ${unknown.join(', ')}. Task folders: ${checks
        .filter((c) => !c.id.startsWith('assignments/'))
        .map((c) => c.id)
        .join(', ')}`,
    );
    return 1;
  }
  const selected = ids.length ? checks.filter((check) => ids.includes(check.id)) : checks;
  const results: TaskSoundness[] = [];
  let failures = 0;
  for (const check of selected) {
    const task = check.problems.length || check.id.startsWith('assignments/') ? null : catalog.tasks().find((t) => t.id === check.id);
    const soundness = task ? await checkTaskSoundness(task, deps) : null;
    if (soundness) results.push(soundness);
    if (check.problems.length || (soundness && failed(soundness))) {
      failures++;
      output.out(`${paint(output, 'red', 'FAIL')} ${check.id}`);
    } else {
      const detail = task ? ` (${task.modality}, ${task.dev.length} dev and ${task.test.length} test cases)` : '';
      output.out(`${paint(output, 'green', 'ok')}   ${check.id}${detail}`);
    }
    for (const problem of check.problems) output.out(`     ${problem}`);
    if (soundness) printSoundness(soundness, output);
  }
  output.out();
  printSummary(selected.length, failures, results, output);
  return failures ? 1 : 0;
}
