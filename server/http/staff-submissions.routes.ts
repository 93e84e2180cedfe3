// Staff view of submissions: every student's, with full reports (hidden cases included), and
// re-grading. Mounted behind requireStaff.
import { Router } from 'express';
import { NotFound } from '../core/errors.js';
import { ApiError } from './api-error.js';
import type { AppDeps } from './app-deps.js';
import { staffSubmissionDetail, submissionSummary } from './submission-view.js';
import { SubmissionParamsSchema, SubmissionsQuerySchema } from './submissions.routes.js';
import { parseParams, parseQuery } from './validate.js';

export function staffSubmissionsRoutes(deps: AppDeps): Router {
  const router = Router();
  const { submissions, queue } = deps.services;

  router.get('/staff/submissions', (request, response) => {
    const { taskId } = parseQuery(SubmissionsQuerySchema, request.query);
    response.json({ submissions: submissions.list(taskId ? { taskId } : {}).map((row) => submissionSummary(row, 'staff')) });
  });

  router.get('/staff/submissions/:id', (request, response) => {
    const { id } = parseParams(SubmissionParamsSchema, request.params);
    const submission = submissions.get(id);
    if (!submission) throw new NotFound('submission', `no submission "${id}"`);
    response.json(staffSubmissionDetail(submission));
  });

  router.post('/staff/submissions/:id/regrade', (request, response) => {
    const { id } = parseParams(SubmissionParamsSchema, request.params);
    const existing = submissions.get(id);
    if (!existing) throw new NotFound('submission', `no submission "${id}"`);
    const requeued = submissions.requeue(id);
    if (!requeued) throw new ApiError(409, 'conflict', `submission ${id} is ${existing.status} already; it can be re-graded once it is graded or failed`);
    queue.notify();
    response.status(202).json({ submission: submissionSummary(requeued, 'staff') });
  });
  return router;
}
