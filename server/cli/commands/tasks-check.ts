// `sandbox tasks check [id...]`: validates task folders and assignment files; non-zero exit on
// any problem, so CI and staff catch a broken task before students do.
import type { Catalog } from '../../catalog/catalog.js';
import { paint, type Output } from '../output.js';

export function runTasksCheck(catalog: Catalog, ids: string[], output: Output): number {
  const checks = catalog.checks();
  const unknown = ids.filter((id) => !checks.some((check) => check.id === id));
  if (unknown.length) {
    output.err(`No task folder named ${unknown.join(', ')}. Task folders: ${checks.filter((c) => !c.id.startsWith('assignments/')).map((c) => c.id).join(', ')}`);
    return 1;
  }
  const selected = ids.length ? checks.filter((check) => ids.includes(check.id)) : checks;
  let failed = 0;
  for (const check of selected) {
    if (check.problems.length === 0) {
      const task = check.id.startsWith('assignments/') ? null : catalog.tasks().find((t) => t.id === check.id);
      const detail = task ? ` (${task.modality}, ${task.dev.length} dev and ${task.test.length} test cases)` : '';
      output.out(`${paint(output, 'green', 'ok')}   ${check.id}${detail}`);
    } else {
      failed++;
      output.out(`${paint(output, 'red', 'FAIL')} ${check.id}`);
      for (const problem of check.problems) output.out(`     ${problem}`);
    }
  }
  output.out();
  output.out(failed ? paint(output, 'red', `${failed} of ${selected.length} checked with problems.`) : `All ${selected.length} checked, no problems.`);
  return failed ? 1 : 0;
}
