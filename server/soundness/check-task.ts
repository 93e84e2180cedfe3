// Everything `sandbox tasks check` proves about a loaded task beyond its schema and splits: case
// counts, a description that quotes no hidden case in any language and states the grading numbers
// of task.yaml in every language, hidden inputs no longer than the dev ones (so the
// grader's dev-only prompt-length check covers them), the staff programs, the oracle, and
// reference-vs-baseline on a real model.
import type { Task } from '../core/task.js';
import { checkCaseCounts, DEFAULT_MINIMUMS, type CaseMinimums } from './case-counts.js';
import { checkDescriptionNumbers } from './description-numbers.js';
import { checkHiddenInputLengths } from './hidden-input-lengths.js';
import { checkOracle } from './oracle.js';
import { checkReadmeLeaks } from './readme-leaks.js';
import { compareReferenceWithBaseline, type CompareDeps } from './reference-vs-baseline.js';
import type { SoundnessStep, TaskSoundness } from './report.js';
import { loadStaffPrograms } from './staff-programs.js';

export type SoundnessDeps = CompareDeps & { displayRoot?: string; minimums?: CaseMinimums };

export async function checkTaskSoundness(task: Task, deps: SoundnessDeps): Promise<TaskSoundness> {
  const steps: SoundnessStep[] = [
    checkCaseCounts(task, deps.minimums ?? DEFAULT_MINIMUMS),
    checkReadmeLeaks(task),
    checkDescriptionNumbers(task),
    checkHiddenInputLengths(task, deps.models),
  ];
  const { programs, step: programsStep } = loadStaffPrograms(task, deps.displayRoot);
  steps.push(programsStep);
  steps.push(await checkOracle(task, deps.getEvaluator));
  steps.push(await compareReferenceWithBaseline(task, programs, deps));
  return { taskId: task.id, steps };
}
