// Background analysis jobs staff start: the prompt-similarity check of a task's counted programs,
// and grading the task's staff reference program (for item analysis's "reference wrong" flag).
// A job is a row in analysis_jobs: its state and progress are written as it runs, so a poll reads
// the same answer from any process; one job per task and kind runs at a time (starting another
// returns the running one). A start ends as failed, saying so, the jobs left running by processes
// that are gone (their heartbeat expired: storage/instance-registry.ts), never another live one's.
import { setImmediate as pause } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import type { AnalysisJobKind, SimilarityStart } from '../core/analysis-api.js';
import type { AnyEvaluator } from '../core/evaluator.js';
import { errorMessage } from '../core/errors.js';
import { GradeReportSchema, type GradeReport } from '../core/grade-report.js';
import type { ModelRegistry } from '../core/model.js';
import type { Task } from '../core/task.js';
import { gradeSubmission } from '../grading/grade-submission.js';
import type { ResponseCache } from '../grading/response-cache.js';
import { loadStaffPrograms } from '../soundness/staff-programs.js';
import type { SqliteDatabase } from '../storage/open-database.js';
import type { StoredSubmission } from '../submissions/submission-store.js';
import { createAnalysisJobRecords } from './analysis-job-records.js';
import type { AnalysisJob } from './analysis-job-row.js';
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
  db: SqliteDatabase;
  clock: Clock;
  task: (taskId: string) => Task;
  counted: (taskId: string) => StoredSubmission[];
  models: ModelRegistry;
  getEvaluator: (name: string) => AnyEvaluator | undefined;
  cache: ResponseCache | null;
  concurrency: number;
  timeoutMs: number;
  log: (line: string) => void;
  /** This process (its server_instances id) and the real time its liveness is measured in. */
  instance: { id: string; now: () => number };
};

export type AnalysisJobs = {
  startSimilarity(taskId: string, params: SimilarityStart, requestedBy: string): AnalysisJob;
  startReference(taskId: string, requestedBy: string): AnalysisJob;
  get(id: string): AnalysisJob | null;
  /** The newest job of a kind for a task (finished or not). */
  latest(taskId: string, kind: AnalysisJobKind): AnalysisJob | null;
  latestSimilarity(taskId: string): { job: AnalysisJob; result: StoredSimilarity | null } | null;
  /** The newest finished reference grading of the task, whatever its task version (the caller checks it). */
  reference(taskId: string): ReferenceResult | null;
  /** Resolves when no job runs (tests; a graceful stop). */
  idle(): Promise<void>;
  /** Cancels running jobs (they end failed) and waits for them. */
  stop(): Promise<void>;
};

export function createAnalysisJobs(deps: AnalysisJobsDeps): AnalysisJobs {
  const { db, clock } = deps;
  // The rows (state, progress, result) are the records'; this file runs the jobs.
  const records = createAnalysisJobRecords(db, clock, { owner: deps.instance.id });

  // A job still 'running' whose process is gone was cut off by a stop or a crash.
  records.failAbandoned('interrupted by a server restart; start it again', deps.instance.now());

  const inFlight = new Set<Promise<void>>();
  const controllers = new Set<AbortController>();

  function launch(taskId: string, kind: AnalysisJobKind, params: unknown, requestedBy: string, work: (id: string, signal: AbortSignal) => Promise<unknown>) {
    const started = records.start({ taskId, kind, params, requestedBy });
    if (!started.created) return started.job;
    const { id } = started.job;
    const controller = new AbortController();
    controllers.add(controller);
    const run = (async () => {
      try {
        const result = await work(id, controller.signal);
        records.finish(id, result);
      } catch (error) {
        const message = controller.signal.aborted ? 'stopped with the server; start it again' : errorMessage(error);
        records.fail(id, message.slice(0, 2_000));
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
    const counted = deps.counted(taskId);
    const starter = shingleSet(starterTexts(task), params.shingle);
    const pairs = await findSimilarPairs({
      programs: counted.map((submission) => ({ key: submission.id, texts: programSections(submission.program).map((section) => section.text) })),
      starter,
      threshold: params.threshold,
      shingle: params.shingle,
      onProgress: (done, total) => records.progress(id, done, total),
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
        onProgress: (state) => records.progress(id, state.done, state.total),
      },
    );
  }

  return {
    startSimilarity: (taskId, params, requestedBy) => launch(taskId, 'similarity', params, requestedBy, (id, signal) => similarity(taskId, params, id, signal)),
    startReference: (taskId, requestedBy) => launch(taskId, 'reference', {}, requestedBy, (id, signal) => reference(taskId, id, signal)),
    get: (id) => records.get(id),
    latest: (taskId, kind) => records.latest(taskId, kind),
    latestSimilarity(taskId) {
      const job = records.latest(taskId, 'similarity');
      if (!job) return null;
      return { job, result: job.state === 'done' ? (job.result as StoredSimilarity) : null };
    },
    reference(taskId) {
      const job = records.latest(taskId, 'reference', { done: true });
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
