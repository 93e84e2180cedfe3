// Staff analysis of a task: item analysis (JSON and CSV) with grading of the reference program in
// the background, and the prompt-similarity check (a background job, its pairs, the pair view).
// Mounted behind requireStaff: these answers hold hidden cases, expected answers and students' names.
import { Router } from 'express';
import { z } from 'zod';
import { buildItemAnalysis } from '../analysis/item-analysis.js';
import { itemAnalysisCsv } from '../analysis/item-analysis-csv.js';
import { pairSections } from '../analysis/pair-view.js';
import { programModel } from '../analysis/program-sections.js';
import { shingleSet } from '../analysis/shingles.js';
import { starterTexts } from '../analysis/starter-material.js';
import type { AnalysisJob } from '../analysis/analysis-jobs.js';
import {
  PairQuerySchema,
  SimilarityStartSchema,
  type AnalysisJobResponse,
  type AnalysisJobView,
  type ItemAnalysisResponse,
  type PairResponse,
  type SimilarityResponse,
} from '../core/analysis-api.js';
import { NotFound } from '../core/errors.js';
import { TaskIdSchema } from '../core/task.js';
import type { AppDeps } from './app-deps.js';
import { taskPoints } from '../catalog/task-points.js';
import { userOf } from './auth.js';
import { jsonBody } from './body-parsers.js';
import { studentRefs } from './student-ref.js';
import { parseBody, parseParams, parseQuery } from './validate.js';
import { say } from '../shared/messages/say.js';

const TaskParamsSchema = z.object({ taskId: TaskIdSchema });
const JobParamsSchema = z.object({ id: z.string().regex(/^aj_[A-Za-z0-9_-]{1,40}$/, 'is not an analysis job id') });

function jobView(job: AnalysisJob): AnalysisJobView {
  const { params: _params, result: _result, ...view } = job;
  return view;
}

export function staffAnalysisRoutes(deps: AppDeps): Router {
  const router = Router();
  const { analysisJobs, counted, accounts, submissions } = deps.services;

  function taskOf(params: unknown) {
    const { taskId } = parseParams(TaskParamsSchema, params);
    // Throws NotFound for an unknown or broken task.
    return deps.catalog.task(taskId);
  }

  async function analysisOf(params: unknown) {
    const task = taskOf(params);
    return buildItemAnalysis(task, taskPoints(deps.catalog, task.id, task), await counted(task.id), await analysisJobs.reference(task.id));
  }

  router.get('/staff/tasks/:taskId/item-analysis', async (request, response) => {
    const analysis = await analysisOf(request.params);
    const latest = await analysisJobs.latest(analysis.taskId, 'reference');
    const result: ItemAnalysisResponse = { analysis, referenceJob: latest ? jobView(latest) : null };
    response.json(result);
  });

  router.get('/staff/tasks/:taskId/item-analysis.csv', async (request, response) => {
    const analysis = await analysisOf(request.params);
    response
      .status(200)
      .set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="item-analysis-${analysis.taskId}.csv"` })
      .send(itemAnalysisCsv(analysis));
  });

  router.post('/staff/tasks/:taskId/reference', async (request, response) => {
    const task = taskOf(request.params);
    const result: AnalysisJobResponse = { job: jobView(await analysisJobs.startReference(task.id, userOf(response).id)) };
    response.status(202).json(result);
  });

  router.post('/staff/tasks/:taskId/similarity', jsonBody('4kb'), async (request, response) => {
    const task = taskOf(request.params);
    const params = parseBody(SimilarityStartSchema, request.body);
    const result: AnalysisJobResponse = { job: jobView(await analysisJobs.startSimilarity(task.id, params, userOf(response).id)) };
    response.status(202).json(result);
  });

  router.get('/staff/tasks/:taskId/similarity', async (request, response) => {
    const task = taskOf(request.params);
    const latest = await analysisJobs.latestSimilarity(task.id);
    const ref = await studentRefs(accounts);
    const result: SimilarityResponse = {
      job: latest ? jobView(latest.job) : null,
      result: latest?.result
        ? {
            threshold: latest.result.threshold,
            shingle: latest.result.shingle,
            programs: latest.result.programs,
            pairs: latest.result.pairs.map((pair) => ({
              ...pair,
              a: { ...ref(pair.a.userId), submissionId: pair.a.submissionId },
              b: { ...ref(pair.b.userId), submissionId: pair.b.submissionId },
            })),
          }
        : null,
    };
    response.json(result);
  });

  router.get('/staff/tasks/:taskId/similarity/pair', async (request, response) => {
    const task = taskOf(request.params);
    const query = parseQuery(PairQuerySchema, request.query);
    const ofTask = async (id: string) => {
      const submission = await submissions.get(id);
      if (!submission || submission.taskId !== task.id)
        throw new NotFound('submission', `no submission "${id}" of task "${task.id}"`, say('not_found.submission'));
      return submission;
    };
    const a = await ofTask(query.a);
    const b = await ofTask(query.b);
    const view = pairSections(a.program, b.program, shingleSet(starterTexts(task), query.shingle), query.shingle);
    const ref = await studentRefs(accounts);
    const result: PairResponse = {
      a: { ...ref(a.userId), submissionId: a.id, model: programModel(a.program), sections: view.a },
      b: { ...ref(b.userId), submissionId: b.id, model: programModel(b.program), sections: view.b },
      jaccard: view.jaccard,
    };
    response.json(result);
  });

  router.get('/staff/analysis-jobs/:id', async (request, response) => {
    const { id } = parseParams(JobParamsSchema, request.params);
    const job = await analysisJobs.get(id);
    if (!job) throw new NotFound('analysis job', `no analysis job "${id}"`, say('not_found.analysis_job', { id }));
    const result: AnalysisJobResponse = { job: jobView(job) };
    response.json(result);
  });
  return router;
}
