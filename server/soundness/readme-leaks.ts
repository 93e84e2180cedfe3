// The student-facing description must not quote a hidden test case: an example copied from
// test.jsonl into README.md would hand students part of the test. Dev cases make good examples.
// Every language version is read (README.zh-CN.md as much as README.md).
import { LOCALES, SOURCE_LOCALE } from '../core/locale.js';
import type { Task } from '../core/task.js';
import { step, type SoundnessStep } from './report.js';

/** Shorter strings ("a pear", "cases") turn up in ordinary prose by chance. */
const MIN_LENGTH = 8;

function hiddenStrings(task: Task): { caseId: string; text: string }[] {
  return task.test.flatMap((testCase) => {
    const texts = Object.values(testCase.inputs);
    // A retrieval case's expected image is hidden too (the gallery is every test image).
    if (task.modality === 'image-text' && task.mode === 'retrieve')
      texts.push(...(Array.isArray(testCase.expected) ? testCase.expected : [testCase.expected]).map(String));
    return texts.filter((text) => text.trim().length >= MIN_LENGTH).map((text) => ({ caseId: testCase.id, text: text.trim() }));
  });
}

export function checkReadmeLeaks(task: Task): SoundnessStep {
  const hidden = hiddenStrings(task);
  const problems = LOCALES.flatMap((locale) => {
    const key = locale as keyof Task['readme'];
    const shown = `${task.description[key] ?? ''}\n${task.readme[key] ?? ''}`.toLowerCase();
    const leaked = [...new Set(hidden.filter(({ text }) => shown.includes(text.toLowerCase())).map(({ caseId }) => caseId))];
    if (leaked.length === 0) return [];
    const files = locale === SOURCE_LOCALE ? 'README.md or description' : `README.${locale}.md or description (${locale})`;
    // Ids only: this report may be pasted where students read it.
    return [`${files} quotes hidden test case(s) ${leaked.join(', ')}; use dev cases as examples`];
  });
  const languages = LOCALES.filter((locale) => task.readme[locale as keyof Task['readme']] || task.description[locale as keyof Task['readme']]);
  if (problems.length === 0) return step('description', 'ok', `the student description quotes no hidden test case (read in ${languages.join(', ')})`);
  return step('description', 'fail', 'the student description must not quote hidden test cases', problems);
}
