// Everything `sandbox tasks check` proves about a loaded task beyond its schema and splits: case
// counts, a description that quotes no hidden case in any language and states the grading numbers
// of task.yaml in every language, hidden inputs no longer than the dev ones (so the grader's
// dev-only prompt-length check covers them), budgets that fit every allowed model's context, a
// study's rules against the model catalogue, no near-duplicate cases, the staff programs, the
// oracle, the human ceiling of a multi-reference metric, and, on a real model, unambiguous
// retrieval queries and reference-vs-baseline; for a task graded by a judge model, the judge's
// calibration on staff examples and its resistance to the shipped adversarial outputs.
import type { Task } from '../core/task.js';
import { checkCaseCounts, minimumsFor, type CaseMinimums } from './case-counts.js';
import { checkJudgeCalibration } from './judge-calibration.js';
import { checkJudgeManipulation } from './judge-manipulation.js';
import { checkContextFits } from './context-fits.js';
import { checkDescriptionNumbers } from './description-numbers.js';
import { checkHiddenInputLengths, prepareTaskTokenizers } from './hidden-input-lengths.js';
import { checkHumanCeiling } from './human-ceiling.js';
import type { ModelCatalogue } from './model-facts.js';
import { checkNearDuplicates } from './near-duplicates.js';
import { checkOracle } from './oracle.js';
import { checkReadmeLeaks } from './readme-leaks.js';
import { compareReferenceWithBaseline, type CompareDeps } from './reference-vs-baseline.js';
import type { SoundnessStep, TaskSoundness } from './report.js';
import { checkRetrievalAmbiguity } from './retrieval-ambiguity.js';
import { loadStaffPrograms } from './staff-programs.js';
import { checkStudyRules } from './study-rules.js';

export type SoundnessDeps = CompareDeps & { catalogue: ModelCatalogue; displayRoot?: string; minimums?: CaseMinimums };

export async function checkTaskSoundness(task: Task, deps: SoundnessDeps): Promise<TaskSoundness> {
  if (task.modality === 'text') await prepareTaskTokenizers(task, deps.models);
  const steps: SoundnessStep[] = [
    checkCaseCounts(task, deps.minimums ?? minimumsFor(task, deps.getEvaluator)),
    checkReadmeLeaks(task),
    checkDescriptionNumbers(task),
    checkHiddenInputLengths(task, deps.models),
    checkContextFits(task, deps.catalogue),
    checkStudyRules(task, deps.catalogue),
    checkNearDuplicates(task),
  ];
  const { programs, step: programsStep } = loadStaffPrograms(task, deps.displayRoot);
  steps.push(programsStep);
  steps.push(await checkOracle(task, deps.getEvaluator));
  steps.push(await checkHumanCeiling(task, deps.getEvaluator));
  steps.push(await checkRetrievalAmbiguity(task, programs, deps));
  steps.push(await compareReferenceWithBaseline(task, programs, deps));
  steps.push(await checkJudgeCalibration(task, deps));
  steps.push(await checkJudgeManipulation(task, deps));
  return { taskId: task.id, steps };
}
