// Staff programs stay staff-only: what a student sees of a shipped task (the public task view)
// carries neither the reference program's prompts nor any hidden test input.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../server/core/locale.js';
import { publicTask } from '../../server/http/task-view.js';
import { earlyAssignmentTaskIds, shippedCatalog, staffProgram, staffStudy } from './shipped-tasks.js';

const catalog = shippedCatalog();

/** The reference's instruction: only the staff program holds it (CLIP templates overlap with the README's hints). */
function referenceStrings(id: string): string[] {
  const task = catalog.task(id);
  const programs = task.study ? staffStudy(task, 'reference').variants.map((v) => v.program) : [staffProgram(task, 'reference')];
  return programs.flatMap((program) => (program.kind === 'text' ? [program.instruction] : [])).filter((text) => text.length > 20);
}

describe('the public view of a shipped task', () => {
  for (const id of earlyAssignmentTaskIds()) {
    it(`${id}: no reference prompt, no hidden input`, () => {
      const task = catalog.task(id);
      // Every language's view: a Chinese description must not quote a hidden case either.
      const shown = LOCALES.map((locale) => JSON.stringify(publicTask(task, locale))).join('\n');
      for (const text of referenceStrings(id)) expect(shown).not.toContain(JSON.stringify(text).slice(1, -1));
      for (const testCase of task.test) for (const input of Object.values(testCase.inputs)) expect(shown).not.toContain(JSON.stringify(input).slice(1, -1));
      expect(shown).not.toMatch(/reference\.json|baseline\.json/);
    });
  }
});
