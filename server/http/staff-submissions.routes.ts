// Staff view of submissions: every student's, filtered, sorted and paged; full reports (hidden
// cases included, with their inputs); re-grading one. Mounted behind requireStaff.
import { Router } from 'express';
import { StaffSubmissionsQuerySchema, type StaffSubmissionsResponse, type StudentRef } from '../core/staff-desk-api.js';
import { NotFound } from '../core/errors.js';
import { ApiError } from './api-error.js';
import type { AppDeps } from './app-deps.js';
import { staffReport } from './staff-report-view.js';
import { staffSubmissionDetail, submissionSummary } from './submission-view.js';
import { SubmissionParamsSchema } from './submissions.routes.js';
import { parseParams, parseQuery } from './validate.js';
import { say } from '../shared/messages/say.js';

export function staffSubmissionsRoutes(deps: AppDeps): Router {
  const router = Router();
  const { submissions, queue, search, accounts } = deps.services;

  router.get('/staff/submissions', async (request, response) => {
    const query = parseQuery(StaffSubmissionsQuerySchema, request.query);
    const { rows, total } = await search.page(query);
    const students: Record<string, StudentRef> = {};
    for (const row of rows) {
      if (students[row.userId]) continue;
      const user = await accounts.users.get(row.userId);
      if (user) students[user.id] = { id: user.id, name: user.name, email: user.email, section: user.section };
    }
    const result: StaffSubmissionsResponse = {
      submissions: rows.map((row) => submissionSummary(row, 'staff')),
      students,
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
    response.json(result);
  });

  router.get('/staff/submissions/:id', async (request, response) => {
    const { id } = parseParams(SubmissionParamsSchema, request.params);
    const submission = await submissions.get(id);
    if (!submission) throw new NotFound('submission', `no submission "${id}"`, say('not_found.submission'));
    const detail = staffSubmissionDetail(submission);
    // Staff see hidden cases in full: the stored report plus each hidden case's input.
    response.json(submission.report ? { ...detail, report: staffReport(submission.report, deps.catalog) } : detail);
  });

  router.post('/staff/submissions/:id/regrade', async (request, response) => {
    const { id } = parseParams(SubmissionParamsSchema, request.params);
    const existing = await submissions.get(id);
    if (!existing) throw new NotFound('submission', `no submission "${id}"`, say('not_found.submission'));
    const requeued = await submissions.requeue(id);
    if (!requeued) throw new ApiError(409, 'conflict', `submission ${id} is ${existing.status} already; it can be re-graded once it is graded or failed`);
    void queue.enqueue(id);
    response.status(202).json({ submission: submissionSummary(requeued, 'staff') });
  });
  return router;
}
