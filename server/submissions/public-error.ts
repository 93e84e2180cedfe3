// What a student may read when their submission could not be graded. A program mistake is theirs
// to fix and is shown; anything else (provider outages, keys, bugs) is summarised, with the full
// error in the server log. As a last guard, a message that quotes any hidden test input or
// expected value is never shown at all.
import { ProgramError, errorMessage } from '../core/errors.js';
import type { Task } from '../core/task.js';

export function containsHiddenText(text: string, task: Pick<Task, 'test'>): boolean {
  for (const testCase of task.test) {
    const values = [...Object.values(testCase.inputs), ...(typeof testCase.expected === 'string' ? [testCase.expected] : [])];
    // Short values ("positive", "4") are labels or numbers every student knows; they reveal nothing.
    if (values.some((value) => value.length >= 12 && text.includes(value))) return true;
  }
  return false;
}

/** Said when a program's own error would quote a hidden case (see failureSaid). */
export const HIDDEN_DETAIL_MESSAGE =
  "your program could not be run on some hidden test cases (the details would reveal them); check it on the dev cases and against the task's limits";

export function publicGradingError(error: unknown, task: Pick<Task, 'test'> | null): string {
  const generic = 'grading failed on the server (the course staff can see why in the server log); this submission does not count against your daily limit';
  if (!(error instanceof ProgramError)) return generic;
  const message = errorMessage(error);
  // Still the program's fault, so the student is told so, without the detail that would quote a hidden case.
  return task && containsHiddenText(message, task) ? HIDDEN_DETAIL_MESSAGE : message;
}
