// With a real model at hand, the staff reference program must beat the naive baseline on the dev
// split: otherwise the task (or the reference) is broken, or the target is not reachable. Without
// one, the step reports NOT RUN and why; it never passes silently.
import type { AnyEvaluator } from '../core/evaluator.js';
import { ModelUnavailable, errorMessage } from '../core/errors.js';
import type { GradeReport } from '../core/grade-report.js';
import type { ModelRegistry } from '../core/model.js';
import type { Task } from '../core/task.js';
import { gradeSubmission } from '../grading/grade-submission.js';
import { submissionPrograms } from '../grading/parse-submission.js';
import type { ResponseCache } from '../grading/response-cache.js';
import type { RetryDeps } from '../grading/retry.js';
import type { ModelAvailability } from './model-availability.js';
import { step, type SoundnessStep } from './report.js';
import { judgedEvaluators, judgeModelsOf } from './task-judge.js';
import type { StaffPrograms } from './staff-programs.js';

const NAME = 'reference beats baseline';

export type CompareDeps = {
  models: ModelRegistry;
  getEvaluator: (name: string) => AnyEvaluator | undefined;
  availability: ModelAvailability;
  /** Opened only when a comparison actually runs, so a check without models touches no database. */
  cache?: () => ResponseCache | null;
  concurrency?: number;
  timeoutMs?: number;
  /** Tests pass instant sleeps so a judge's retries do not slow them down. */
  retryDeps?: RetryDeps;
};

function describe(label: string, report: GradeReport): string {
  const errored = report.counts.errored ? `, ${report.counts.errored} of ${report.counts.total} cases errored` : '';
  return `${label} ${report.metric.toFixed(3)} (${report.model}${errored})`;
}

export async function compareReferenceWithBaseline(task: Task, programs: StaffPrograms, deps: CompareDeps): Promise<SoundnessStep> {
  const { reference, baseline } = programs;
  if (!reference || !baseline) return step(NAME, 'not-run', 'the staff programs are not valid (see above)');
  const models = [reference, baseline].flatMap((submission) => submissionPrograms(submission).map(({ program }) => program.model));
  // A judged task is graded by its judge model too: without it both programs would score nothing.
  const judges = judgeModelsOf(judgedEvaluators(task, deps.getEvaluator));
  const reasons = [...new Set([...models, ...judges])]
    .map((id) => deps.availability(id))
    .flatMap((availability) => (availability.available ? [] : [availability.reason]));
  if (reasons.length) return step(NAME, 'not-run', `no real model to grade them on dev (${[...new Set(reasons)].join('; ')})`);

  const cache = deps.cache?.() ?? null;
  const grade = (program: unknown) =>
    gradeSubmission(
      task,
      program,
      { models: deps.models, getEvaluator: deps.getEvaluator, cache, ...(deps.retryDeps ? { retryDeps: deps.retryDeps } : {}) },
      {
        split: 'dev',
        ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
        ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
      },
    );
  let referenceReport: GradeReport;
  let baselineReport: GradeReport;
  try {
    referenceReport = await grade(reference);
    baselineReport = await grade(baseline);
  } catch (error) {
    // A model that cannot be used at all: the student-facing notice would not help staff; the
    // health service's advice (which address failed, what to set) does.
    if (error instanceof ModelUnavailable) {
      const advice = (deps.models.health?.() ?? [])
        .filter((entry) => models.includes(entry.id) && entry.advice)
        .map((entry) => `model ${entry.id} is ${entry.state}: ${entry.advice}`);
      return step(NAME, 'fail', 'a model of the staff programs cannot be used on this machine', advice.length ? advice : [errorMessage(error)]);
    }
    return step(NAME, 'fail', 'grading the staff programs on dev failed', [errorMessage(error)]);
  }
  const summary = `${task.metric.aggregate} on ${task.dev.length} dev cases: ${describe('reference', referenceReport)} vs ${describe('baseline', baselineReport)}`;
  const problems: string[] = [];
  if (referenceReport.counts.errored === referenceReport.counts.total) {
    problems.push(`every reference case errored (first error: ${referenceReport.cases.find((c) => c.error)?.error ?? 'unknown'})`);
  } else if (referenceReport.metric <= baselineReport.metric) {
    problems.push(`the reference (${referenceReport.metric.toFixed(3)}) does not beat the baseline (${baselineReport.metric.toFixed(3)})`);
  }
  return problems.length ? step(NAME, 'fail', summary, problems) : step(NAME, 'ok', summary);
}
