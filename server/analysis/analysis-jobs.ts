// Background analysis jobs staff start: the prompt-similarity check of a task's counted programs,
// and grading the task's staff reference program (for item analysis's "reference wrong" flag).
// A job is a row in analysis_jobs: its state and progress are written as it runs, so a poll reads
// the same answer from any process; one job per task and kind runs at a time (starting another
// returns the running one). A start ends as failed, saying so, the jobs left running by processes
// that are gone (their heartbeat expired: storage/instance-registry.ts), never another live one's.
import { setImmediate as pause } from 'node:timers/promises';
import type { AnalysisJobKind, SimilarityStart } from '../core/analysis-api.js';
import type { AnyEvaluator } from '../core/evaluator.js';
import { errorMessage } from '../core/errors.js';
import { GradeReportSchema, type GradeReport } from '../core/grade-report.js';
import type { ModelRegistry } from '../core/model.js';
import type { Task } from '../core/task.js';
import { gradeSubmission } from '../grading/grade-submission.js';
import type { ResponseCache } from '../grading/response-cache.js';
import { loadStaffPrograms } from '../soundness/staff-programs.js';
import type { StoredSubmission } from '../submissions/submission-store.js';
import type { AnalysisJob } from './analysis-job-row.js';
import type { AnalysisJobRecordsPort } from './analysis-ports.js';
import type { ReferenceResult } from './item-analysis.js';
import { programSections } from './program-sections.js';
import { findSimilarPairs } from './similar-pairs.js';
import { shingleSet } from './shingles.js';
import { starterTexts } from './starter-material.js';

/** What a finished similarity job stores: pairs by submission and user id (names are looked up when shown). */
export type StoredSimilarity = {
  threshold: number;
  shingle: number;
  programs: number;
  pairs: { a: { submissionId: string; userId: string }; b: { submissionId: string; userId: string }; jaccard: number; estimate: number }[];
};

export type { AnalysisJob } from './analysis-job-row.js';

export type AnalysisJobsDeps = {
  /** The rows (state, progress, result), owned by this process: the records of its stores. */
  records: AnalysisJobRecordsPort;
  task: (taskId: string) => Task;
  counted: (taskId: string) => Promise<StoredSubmission[]>;
  models: ModelRegistry;
  getEvaluator: (name: string) => AnyEvaluator | undefined;
  cache: ResponseCache | null;
  concurrency: number;
  timeoutMs: number;
  log: (line: string) => void;
};

export type AnalysisJobs = {
  startSimilarity(taskId: string, params: SimilarityStart, requestedBy: string): Promise<AnalysisJob>;
  startReference(taskId: string, requestedBy: string): Promise<AnalysisJob>;
  get(id: string): Promise<AnalysisJob | null>;
  /** The newest job of a kind for a task (finished or not). */
  latest(taskId: string, kind: AnalysisJobKind): Promise<AnalysisJob | null>;
  latestSimilarity(taskId: string): Promise<{ job: AnalysisJob; result: StoredSimilarity | null } | null>;
  /** The newest finished reference grading of the task, whatever its task version (the caller checks it). */
  reference(taskId: string): Promise<ReferenceResult | null>;
  /** Resolves when no job runs (tests; a graceful stop). */
  idle(): Promise<void>;
  /** Cancels running jobs (they end failed) and waits for them. */
  stop(): Promise<void>;
};

export function createAnalysisJobs(deps: AnalysisJobsDeps): AnalysisJobs {
  // The rows (state, progress, result) are the records'; this file runs the jobs. A job still
  // 'running' whose process is gone (cut off by a stop or a crash) is ended by the services' sweep.
  const { records } = deps;

  const inFlight = new Set<Promise<void>>();
  const controllers = new Set<AbortController>();

  async function launch(
    taskId: string,
    kind: AnalysisJobKind,
    params: unknown,
    requestedBy: string,
    work: (id: string, signal: AbortSignal) => Promise<unknown>,
  ): Promise<AnalysisJob> {
    const started = await records.start({ taskId, kind, params, requestedBy });
    if (!started.created) return started.job;
    const { id } = started.job;
    const controller = new AbortController();
    controllers.add(controller);
    const run = (async () => {
      try {
        const result = await work(id, controller.signal);
        await records.finish(id, result);
      } catch (error) {
        const message = controller.signal.aborted ? 'stopped with the server; start it again' : errorMessage(error);
        await records
          .fail(id, message.slice(0, 2_000))
          .catch((fault: unknown) => deps.log(`analysis job ${id}: could not record its failure: ${errorMessage(fault)}`));
        deps.log(JSON.stringify({ event: 'analysis-job-failed', id, taskId, kind, error: message.slice(0, 500) }));
      }
    })().finally(() => {
      controllers.delete(controller);
      inFlight.delete(run);
    });
    inFlight.add(run);
    return started.job;
  }

  async function similarity(taskId: string, params: SimilarityStart, id: string, signal: AbortSignal): Promise<StoredSimilarity> {
    const task = deps.task(taskId);
    const counted = await deps.counted(taskId);
    const starter = shingleSet(starterTexts(task), params.shingle);
    const pairs = await findSimilarPairs({
      programs: counted.map((submission) => ({ key: submission.id, texts: programSections(submission.program).map((section) => section.text) })),
      starter,
      threshold: params.threshold,
      shingle: params.shingle,
      onProgress: (done, total) => void records.progress(id, done, total).catch(() => {}),
      pause: async () => {
        // Yield to requests between programs; a stop ends the job.
        await pause();
        if (signal.aborted) throw signal.reason;
      },
    });
    const owner = new Map(counted.map((submission) => [submission.id, submission.userId]));
    const side = (submissionId: string) => ({ submissionId, userId: owner.get(submissionId)! });
    return {
      threshold: params.threshold,
      shingle: params.shingle,
      programs: counted.length,
      pairs: pairs.map((pair) => ({ ...pair, a: side(pair.a), b: side(pair.b) })),
    };
  }

  async function reference(taskId: string, id: string, signal: AbortSignal): Promise<GradeReport> {
    const task = deps.task(taskId);
    const { programs, step } = loadStaffPrograms(task);
    if (!programs.reference)
      throw new Error(`the task's reference.json cannot be graded: ${step.problems.filter((p) => p.includes('reference')).join('; ') || step.summary}`);
    // Graded like a submission (hidden cases, dev cases in detail, the shared response cache); the
    // calls are the course's, charged to no student.
    return gradeSubmission(
      task,
      programs.reference,
      { models: deps.models, getEvaluator: deps.getEvaluator, cache: deps.cache },
      {
        split: 'test',
        includeDev: true,
        submissionId: id,
        concurrency: deps.concurrency,
        timeoutMs: deps.timeoutMs,
        signal,
        priority: 'batch',
        // A progress write that fails costs only a progress update.
        onProgress: (state) => void records.progress(id, state.done, state.total).catch(() => {}),
      },
    );
  }

  return {
    startSimilarity: (taskId, params, requestedBy) => launch(taskId, 'similarity', params, requestedBy, (id, signal) => similarity(taskId, params, id, signal)),
    startReference: (taskId, requestedBy) => launch(taskId, 'reference', {}, requestedBy, (id, signal) => reference(taskId, id, signal)),
    get: (id) => records.get(id),
    latest: (taskId, kind) => records.latest(taskId, kind),
    async latestSimilarity(taskId) {
      const job = await records.latest(taskId, 'similarity');
      if (!job) return null;
      return { job, result: job.state === 'done' ? (job.result as StoredSimilarity) : null };
    },
    async reference(taskId) {
      const job = await records.latest(taskId, 'reference', { done: true });
      if (!job?.result) return null;
      const parsed = GradeReportSchema.safeParse(job.result);
      return parsed.success ? { report: parsed.data, gradedAt: job.finishedAt ?? job.createdAt } : null;
    },
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    async stop() {
      for (const controller of controllers) controller.abort(new Error('stopped'));
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}
