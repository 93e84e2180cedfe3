// The grading engine: a prompt program + a task split -> a GradeReport. One failed case never
// aborts the run; it is reported as errored and counts 0. Results keep the split's order.
import type { AnyEvaluator } from '../core/evaluator.js';
import { Cancelled, ConfigError, ModelUnavailable, ProgramError } from '../core/errors.js';
import type { CaseReport, GradeReport } from '../core/grade-report.js';
import type { CallPriority, ImageTextModel, ModelRegistry, TextModel } from '../core/model.js';
import type { ImageTextProgram, PromptProgram, TextProgram } from '../core/prompt-program.js';
import { inputFields, type Split, type Task, type TaskCase } from '../core/task.js';
import { programProblems, programProblemsError, withTaskDefaults } from '../prompts/check-program.js';
import { cacheKey, type ResponseCache } from './response-cache.js';
import { createCaseTally } from './case-tally.js';
import type { CaseOutcome, CaseRun } from './case-outcome.js';
import { runImageTextCases } from './run-image-text-cases.js';
import { executeTextCase } from './execute-text-case.js';
import { createModelCaller, type CallMeter, type ModelCaller } from './model-caller.js';
import { parseProgram } from './parse-program.js';
import { metricToPoints } from './points.js';
import { checkTextRun } from './prepare-text-run.js';
import { defaultRetryPolicy, realRetryDeps, type RetryDeps, type RetryPolicy } from './retry.js';
import { runPool } from './run-pool.js';
import { bindEvaluators, isJudgeError, scoreCase } from './score-case.js';
import { createJudge } from './create-judge.js';
import { JudgeFailed } from '../core/judge.js';
import { renderCaseInput, renderTextPrompt } from '../prompts/render-text.js';
import { answerReader } from '../prompts/answer.js';
import { caseErrorFields } from './case-error-text.js';

export type GradeProgress = { phase: 'running' | 'done'; done: number; total: number; errored: number };

export type GradeDeps = {
  models: ModelRegistry;
  getEvaluator: (name: string) => AnyEvaluator | undefined;
  cache: ResponseCache | null;
  /**
   * Whose calls may share cached answers. Default: the grading scope of this program (submissions,
   * re-grades and the CLI). The playground's dev run passes the student's own scope.
   */
  cacheScope?: string;
  now?: () => number;
  retryDeps?: RetryDeps;
  /** Accounts each model call to a person (the server's budgets and usage log); see CallMeter. */
  meter?: CallMeter;
  /**
   * Accounts a judge model's calls (rubric-judge) to the course: logged, never charged to the
   * student whose output is judged. Absent: judge calls are not metered (the CLI).
   */
  judgeMeter?: (judgeModel: string) => CallMeter;
};

export type GradeOptions = {
  split: Split;
  submissionId?: string;
  /** Parallel model calls; promptfoo's default of 4 is gentle on rate limits. */
  concurrency?: number;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  imageBatchSize?: number;
  /**
   * With split 'test': also run the dev cases and put them in the report in detail, so a student
   * sees per-case results next to the hidden aggregates. Metric and points stay test-only.
   */
  includeDev?: boolean;
  /** Overrides the task's points.max (an assignment can weigh a task differently). */
  maxPoints?: number;
  signal?: AbortSignal;
  onProgress?: (progress: GradeProgress) => void;
  /** 'batch' for submission grading: a shared local-model queue serves interactive calls first. */
  priority?: CallPriority;
  /**
   * What a judge failure does. 'unscored' (default): the case keeps a null score with the reason.
   * 'fail': the grading fails with JudgeFailed (infrastructure, retried), so a judge outage never
   * lowers a submission's grade.
   */
  judgeErrors?: 'unscored' | 'fail';
  /**
   * Whether the report's `cases` carry the hidden (test) cases. Default true: the server stores
   * them. false: only the visible ones; each hidden case counts in the aggregates and is let go once
   * scored, so a large split's outputs are never all held at once (the CLI, which never shows them).
   */
  keepHiddenCases?: boolean;
};

/** Per case: the outcome, or the reason it failed. */

/**
 * Grading's cache scope: one per program. A re-grade or re-submission of the same program is free,
 * but a different program never gets answers cached for another one, so whether a call was cached
 * (visible in how fast cases finish) cannot compare two programs' prompts on a hidden input.
 */
export function gradingCacheScope(program: PromptProgram): string {
  return `grading:${cacheKey(program)}`;
}

export async function gradeProgram(task: Task, programInput: unknown, deps: GradeDeps, options: GradeOptions): Promise<GradeReport> {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const parsed = parseProgram(programInput);
  const problems = programProblems(parsed, task);
  if (problems.length) throw programProblemsError(problems);
  const program = withTaskDefaults(parsed, task);
  const evaluators = bindEvaluators(task.evaluators, deps.getEvaluator);
  const cases = options.split === 'dev' ? task.dev : task.test;
  const retry = { ...defaultRetryPolicy, ...options.retry };
  const caller = createModelCaller({
    cache: deps.cache ? { store: deps.cache, scope: deps.cacheScope ?? gradingCacheScope(program) } : null,
    timeoutMs: options.timeoutMs ?? 60_000,
    retry,
    retryDeps: deps.retryDeps ?? realRetryDeps,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(deps.meter ? { meter: deps.meter } : {}),
    ...(options.priority ? { priority: options.priority } : {}),
  });
  const judge = createJudge({
    models: deps.models,
    cache: deps.cache,
    cacheScope: deps.cacheScope ?? gradingCacheScope(program),
    ...(deps.judgeMeter ? { meterFor: deps.judgeMeter } : {}),
    timeoutMs: options.timeoutMs ?? 60_000,
    retry,
    retryDeps: deps.retryDeps ?? realRetryDeps,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const model = deps.models.get(program.model);
  // Local models load here, once, so a missing model fails before any case runs.
  await model.ready?.();
  let done = 0;
  let errored = 0;
  const devToo = Boolean(options.includeDev) && options.split === 'test';
  const total = cases.length + (devToo ? task.dev.length : 0);
  const report = (run: CaseRun) => {
    done++;
    if (run.error) errored++;
    options.onProgress?.({ phase: 'running', done, total, errored });
  };
  options.onProgress?.({ phase: 'running', done: 0, total, errored: 0 });

  // Splits run apart: a retrieval gallery or a classifier run must never mix dev and hidden images.
  const runSplit = async (splitCases: TaskCase[]): Promise<CaseRun[]> => {
    if (program.kind === 'text') {
      if (model.kind !== 'text') throw new ConfigError(`model ${model.id} is an image-text model; this task needs a text model`);
      return runTextCases(program, task, splitCases, model, caller, options, now, report);
    }
    if (model.kind !== 'image-text') throw new ConfigError(`model ${model.id} is a text model; this task needs an image-text model`);
    return runImageTextCases(program as ImageTextProgram, task, splitCases, model as ImageTextModel, caller, {
      // 32 images a forward pass: measured faster than 16 on 96x96 images (bench/clip).
      batchSize: options.imageBatchSize ?? 32,
      concurrency: options.concurrency ?? 2,
      now,
      onCase: report,
    });
  };
  const devRuns = devToo ? await runSplit(task.dev) : [];
  const splitRuns = await runSplit(cases);
  if (options.signal?.aborted) throw new Cancelled();

  // Scored in the split's order, each case into its tally (the metric's, or the dev cases' beside
  // it), and into the report's cases unless it is hidden and the report does not keep those.
  const keepHidden = options.keepHiddenCases ?? true;
  const graded = createCaseTally(task);
  const devTally = devToo ? createCaseTally(task) : null;
  const caseReports: CaseReport[] = [];
  for (const run of [...devRuns, ...splitRuns]) {
    const scored = run.outcome ? await scoreCase(evaluators, run.testCase, run.outcome, judge) : { scores: [], score: null };
    if (options.signal?.aborted) throw new Cancelled();
    const judgeError = scored.scores.find(isJudgeError);
    if (judgeError && options.judgeErrors === 'fail')
      throw new JudgeFailed(`the judge could not grade case ${run.testCase.id}: ${String(judgeError.details?.judgeError)}`);
    const hidden = run.testCase.split === 'test';
    const caseReport: CaseReport = {
      caseId: run.testCase.id,
      hidden,
      input: hidden ? '' : run.input,
      rawOutput: run.outcome?.rawOutput ?? '',
      output: run.outcome?.output ?? '',
      expected: run.testCase.expected,
      scores: scored.scores,
      score: run.error ? null : scored.score,
      ...(run.outcome?.predicted !== undefined ? { predicted: run.outcome.predicted ?? '' } : {}),
      ...(run.outcome?.ranking ? { ranking: run.outcome.ranking.slice(0, 10) } : {}),
      ...(run.error ? { error: run.error } : {}),
      ...(run.errorSaid ? { errorSaid: run.errorSaid } : {}),
      attempts: run.attempts,
      latencyMs: run.latencyMs,
    };
    (devTally && !hidden ? devTally : graded).add(caseReport);
    if (!hidden || keepHidden) caseReports.push(caseReport);
  }
  const { metric, correct, confusion } = graded.metric();
  const dev = devTally ? { ...devTally.metric(), total: devTally.total, errored: devTally.errored } : null;
  const maxPoints = options.maxPoints ?? task.points.max;
  options.onProgress?.({ phase: 'done', done, total, errored });
  return {
    submissionId: options.submissionId ?? 'local',
    taskId: task.id,
    taskVersion: task.version,
    split: options.split,
    model: program.model,
    aggregate: task.metric.aggregate,
    metric,
    points: metricToPoints(metric, { baseline: task.points.baseline, target: task.points.target, max: maxPoints }),
    maxPoints,
    baseline: task.points.baseline,
    target: task.points.target,
    evaluators: graded.summaries(evaluators),
    ...(confusion ? { confusion } : {}),
    counts: { total: graded.total, errored: graded.errored, correct },
    ...(dev ? { dev: { metric: dev.metric, total: dev.total, correct: dev.correct, errored: dev.errored } } : {}),
    cases: caseReports,
    usage: { ...caller.stats },
    durationMs: Math.max(0, now() - startedAt),
    startedAt: new Date(startedAt).toISOString(),
  };
}

async function runTextCases(
  program: TextProgram,
  task: Task,
  cases: TaskCase[],
  model: TextModel,
  caller: ModelCaller,
  options: GradeOptions,
  now: () => number,
  onCase: (run: CaseRun) => void,
): Promise<CaseRun[]> {
  // Every prompt is checked before any call, and rendered again when its case runs: a large split's
  // prompts are never all held at once.
  checkTextRun(program, task, cases, model);
  const fields = inputFields(task);
  const readAnswer = answerReader(program);
  return runPool(cases, options.concurrency ?? 4, async (testCase) => {
    const started = now();
    const prompt = renderTextPrompt(program, testCase.inputs, fields);
    // What a student reads as "input" in the report: the case rendered through their input template
    // (hidden cases show none).
    const input = testCase.split === 'test' ? '' : renderCaseInput(program, testCase.inputs);
    let run: CaseRun;
    try {
      const outcome = await executeTextCase(program, prompt, model, caller, readAnswer);
      run = { testCase, input, outcome, attempts: outcome.attempts, latencyMs: now() - started };
    } catch (error) {
      if (error instanceof Cancelled || options.signal?.aborted) throw new Cancelled();
      // The model cannot be used at all (its breaker is open, its key or files are missing): the
      // whole run fails at once with that, instead of reporting the same failure for every case
      // and scoring a submission on an outage. The other cases fail fast on the open breaker.
      if (error instanceof ModelUnavailable) throw error;
      const attempts = (error as { attempts?: number }).attempts ?? 1;
      run = { testCase, input, ...caseErrorFields(error), attempts, latencyMs: now() - started };
    }
    onCase(run);
    return run;
  });
}
