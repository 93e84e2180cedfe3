// The one place a stored submission meets the grading engine (a prompt program or a study).
import type { Catalog } from '../catalog/catalog.js';
import type { AnyEvaluator } from '../core/evaluator.js';
import type { GradeReport } from '../core/grade-report.js';
import type { ModelRegistry } from '../core/model.js';
import type { GradeProgress } from '../grading/grade-program.js';
import { gradeSubmission as gradeAny } from '../grading/grade-submission.js';
import type { CallMeter } from '../grading/model-caller.js';
import type { RetryDeps } from '../grading/retry.js';
import type { ResponseCache } from '../grading/response-cache.js';
import { newFaultTally, tolerantCache, tolerantMeter } from './storage-tolerant.js';
import type { StoredSubmission } from './submission-store.js';

export type GradeSubmissionDeps = {
  catalog: Catalog;
  models: ModelRegistry;
  getEvaluator: (name: string) => AnyEvaluator | undefined;
  cache: ResponseCache | null;
  /** The autograder's calls are logged against the submitter (never charged to their budget). */
  meterFor: (submission: StoredSubmission) => CallMeter;
  /** A judge model's calls (rubric-judge) are the course's: logged, never charged to the submitter. */
  judgeMeterFor?: (submission: StoredSubmission, judgeModel: string) => CallMeter;
  concurrency: number;
  timeoutMs: number;
  retryDeps?: RetryDeps;
  /** One line per attempt when cache or usage-log writes were skipped because of a storage fault. */
  log?: (line: string) => void;
};

export async function gradeSubmission(
  submission: StoredSubmission,
  deps: GradeSubmissionDeps,
  run: { signal: AbortSignal; onProgress: (progress: GradeProgress) => void },
): Promise<GradeReport> {
  // Graded against the task as it is now: a re-grade after staff fix a label must use the fix.
  const task = deps.catalog.task(submission.taskId);
  const faults = newFaultTally();
  try {
    return await gradeAny(
      task,
      submission.program,
      {
        models: deps.models,
        getEvaluator: deps.getEvaluator,
        cache: deps.cache ? tolerantCache(deps.cache, faults) : null,
        meter: tolerantMeter(deps.meterFor(submission), faults),
        ...(deps.judgeMeterFor ? { judgeMeter: (judgeModel: string) => tolerantMeter(deps.judgeMeterFor!(submission, judgeModel), faults) } : {}),
        ...(deps.retryDeps ? { retryDeps: deps.retryDeps } : {}),
      },
      {
        split: 'test',
        // Dev cases come back in detail beside the hidden aggregates (mostly cache hits).
        includeDev: true,
        submissionId: submission.id,
        maxPoints: submission.maxPoints,
        concurrency: deps.concurrency,
        timeoutMs: deps.timeoutMs,
        signal: run.signal,
        onProgress: run.onProgress,
        // Behind students' interactive calls on a shared local-model pool; nobody watches it token by token.
        priority: 'batch',
        // A judge outage is the infrastructure's: the grading is retried, never scored on it.
        judgeErrors: 'fail',
      },
    );
  } finally {
    if (faults.count)
      deps.log?.(`submission ${submission.id}: storage fault while grading (${faults.first}); ${faults.count} cache or usage-log writes skipped`);
  }
}
