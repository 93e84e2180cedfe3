// Bulk re-grade of a task: starts a job (202) that re-queues the task's submissions; the job is
// polled for progress and, once finished, lists the points that changed. Mounted behind requireStaff.
import { Router } from 'express';
import { z } from 'zod';
import type { RegradeJobResponse, RegradeJobsResponse } from '../core/staff-desk-api.js';
import { NotFound } from '../core/errors.js';
import { TaskIdSchema } from '../core/task.js';
import type { AppDeps } from './app-deps.js';
import { userOf } from './auth.js';
import { regradeJobView } from './regrade-job-view.js';
import { studentRefs } from './student-ref.js';
import { parseParams } from './validate.js';
import { say } from '../shared/messages/say.js';

const TaskParamsSchema = z.object({ taskId: TaskIdSchema });
const JobParamsSchema = z.object({ id: z.string().regex(/^rj_[A-Za-z0-9_-]{1,40}$/, 'is not a re-grade job id') });

export function staffRegradeRoutes(deps: AppDeps): Router {
  const router = Router();
  const { regradeJobs, queue, accounts } = deps.services;

  router.post('/staff/tasks/:taskId/regrade', async (request, response) => {
    const { taskId } = parseParams(TaskParamsSchema, request.params);
    // The task as loaded now (throws NotFound for an unknown or broken one): that is what re-grading uses.
    deps.catalog.task(taskId);
    const job = await regradeJobs.start(taskId, userOf(response).id);
    queue.notify();
    const result: RegradeJobResponse = { job: regradeJobView(job, await studentRefs(accounts)) };
    response.status(202).json(result);
  });

  router.get('/staff/tasks/:taskId/regrade-jobs', async (request, response) => {
    const { taskId } = parseParams(TaskParamsSchema, request.params);
    const ref = await studentRefs(accounts);
    const result: RegradeJobsResponse = { jobs: (await regradeJobs.ofTask(taskId, 20)).map((job) => regradeJobView(job, ref)) };
    response.json(result);
  });

  router.get('/staff/regrade-jobs/:id', async (request, response) => {
    const { id } = parseParams(JobParamsSchema, request.params);
    const job = await regradeJobs.get(id);
    if (!job) throw new NotFound('regrade job', `no re-grade job "${id}"`, say('not_found.regrade_job', { id }));
    const result: RegradeJobResponse = { job: regradeJobView(job, await studentRefs(accounts)) };
    response.json(result);
  });
  return router;
}
