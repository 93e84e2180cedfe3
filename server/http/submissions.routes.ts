// Submitting a program for grading on the hidden split, and reading one's own submissions.
// Everything a student receives about a submission goes through studentSubmissionDetail.
import { Router, type Response } from 'express';
import { z } from 'zod';
import { SubmitBodySchema, type SubmitResponse, type User } from '../core/api.js';
import { TaskIdSchema } from '../core/task.js';
import type { StoredSubmission } from '../submissions/submission-store.js';
import { submitProgram } from '../submissions/submit-program.js';
import { NotFound } from '../core/errors.js';
import type { AppDeps } from './app-deps.js';
import { userOf } from './auth.js';
import { jsonBody } from './body-parsers.js';
import { eventStream } from './sse.js';
import { studentSubmissionDetail, submissionSummary } from './submission-view.js';
import { parseBody, parseParams, parseQuery } from './validate.js';
import { say } from '../shared/messages/say.js';

export const SubmissionParamsSchema = z.object({ id: z.string().regex(/^s_[A-Za-z0-9_-]{1,40}$/, 'is not a submission id') });
export const SubmissionsQuerySchema = z.object({ taskId: TaskIdSchema.optional() }).strict();

/** Own submissions only; staff may read any. Others' ids answer exactly like unknown ids. */
export async function readableSubmission(deps: AppDeps, user: User, id: string): Promise<StoredSubmission> {
  const submission = await deps.services.submissions.get(id);
  if (!submission || (submission.userId !== user.id && user.role !== 'staff'))
    throw new NotFound('submission', 'there is no submission of yours with this id', say('not_found.submission'));
  return submission;
}

export function submissionsRoutes(deps: AppDeps): Router {
  const router = Router();
  const { catalog, services } = deps;

  router.post('/submissions', jsonBody('1mb'), async (request, response) => {
    const body = parseBody(SubmitBodySchema, request.body);
    const { submission, remainingToday } = await submitProgram({ catalog, models: deps.models, ...services }, userOf(response), body.taskId, body.program);
    const result: SubmitResponse = { submission: submissionSummary(submission), remainingToday };
    response.status(202).json(result);
  });

  router.get('/submissions', async (request, response) => {
    const user = userOf(response);
    const { taskId } = parseQuery(SubmissionsQuerySchema, request.query);
    const list = await services.submissions.list({ ...(user.role === 'staff' ? {} : { userId: user.id }), ...(taskId ? { taskId } : {}) });
    // Staff reading through the student route get the staff view, as on /api/staff/submissions.
    response.json({ submissions: list.map((row) => submissionSummary(row, user.role === 'staff' ? 'staff' : 'student')) });
  });

  router.get('/submissions/:id', async (request, response) => {
    const user = userOf(response);
    const { id } = parseParams(SubmissionParamsSchema, request.params);
    response.json(studentSubmissionDetail(await readableSubmission(deps, user, id)));
  });

  router.get('/submissions/:id/events', async (request, response) => {
    const user = userOf(response);
    const { id } = parseParams(SubmissionParamsSchema, request.params);
    await readableSubmission(deps, user, id);
    await streamSubmission(deps, id, response);
  });
  return router;
}

/** progress events while grading, then `graded` or `failed` with the summary, then the end. */
async function streamSubmission(deps: AppDeps, id: string, response: Response) {
  const { queue, submissions } = deps.services;
  const stream = eventStream(response, { keepAliveMs: 15_000 });
  const finish = (submission: StoredSubmission) => {
    stream.send(submission.status === 'graded' ? 'graded' : 'failed', { submission: submissionSummary(submission) });
    stream.end();
  };
  // Subscribe before reading the status, so a grade written in between is not missed.
  const unsubscribe = queue.subscribe(id, (event) => {
    if (event.type === 'progress') stream.send('progress', event.progress);
    else {
      unsubscribe();
      finish(event.submission);
    }
  });
  stream.signal.addEventListener('abort', unsubscribe, { once: true });
  const current = (await submissions.get(id))!;
  if (current.status === 'graded' || current.status === 'failed') {
    unsubscribe();
    finish(current);
    return;
  }
  // A grading that ended while this was read has ended the stream already: the send is then a no-op.
  stream.send('progress', (await queue.progress(id)) ?? { done: 0, total: 0, errored: 0 });
}
