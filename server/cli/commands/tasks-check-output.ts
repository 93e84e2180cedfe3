// How `sandbox tasks check` prints soundness: one line per step, problems indented under it, and a
// summary that counts warnings and NOT RUN steps separately, so a check that did not run never reads
// as passed.
import type { TaskSoundness, StepStatus } from '../../soundness/report.js';
import { paint, type Output } from '../output.js';

const STATUS: Record<StepStatus, { text: string; colour: 'green' | 'red' | 'yellow' | 'dim' }> = {
  ok: { text: 'ok      ', colour: 'green' },
  warn: { text: 'WARN    ', colour: 'yellow' },
  fail: { text: 'FAIL    ', colour: 'red' },
  'not-run': { text: 'NOT RUN ', colour: 'yellow' },
  'not-applicable': { text: 'n/a     ', colour: 'dim' },
};

export function printSoundness(soundness: TaskSoundness, output: Output): void {
  for (const step of soundness.steps) {
    const status = STATUS[step.status];
    output.out(`       ${paint(output, status.colour, status.text)} ${step.name}: ${step.summary}`);
    for (const problem of step.problems) output.out(`                ${problem}`);
  }
}

export function printSummary(checked: number, failures: number, results: TaskSoundness[], output: Output): void {
  output.out(failures ? paint(output, 'red', `${failures} of ${checked} checked with problems.`) : `All ${checked} checked, no problems.`);
  const warnings = results.filter((r) => r.steps.some((s) => s.status === 'warn')).map((r) => r.taskId);
  if (warnings.length)
    output.out(`${paint(output, 'yellow', `Warnings for ${warnings.length} task(s): ${warnings.join(', ')}.`)} They do not fail the check; read them.`);
  // One line per step that did not run (reference beats baseline, retrieval ambiguity), naming the tasks.
  const notRunSteps = [...new Set(results.flatMap((r) => r.steps.filter((s) => s.status === 'not-run').map((s) => s.name)))];
  for (const name of notRunSteps) {
    const tasks = results.filter((r) => r.steps.some((s) => s.name === name && s.status === 'not-run')).map((r) => r.taskId);
    const title = `${name[0]!.toUpperCase()}${name.slice(1)}`;
    output.out(
      paint(output, 'yellow', `${title} was NOT RUN for ${tasks.length} task(s): ${tasks.join(', ')}.`) +
        ' It needs a real model: set the API key variables of models.yaml, or download the local models (sandbox models pull).',
    );
  }
  const ran = results.filter((r) => r.steps.some((s) => s.name === 'reference beats baseline' && (s.status === 'ok' || s.status === 'fail')));
  if (ran.length) output.out(`Reference beats baseline ran for ${ran.length} task(s).`);
}
