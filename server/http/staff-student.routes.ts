// GET /api/staff/students/:id: one person for staff: submissions, drafts, usage, token state.
// (The deadlines work adds the person's extensions to this answer.) Mounted behind requireStaff.
import { Router } from 'express';
import { z } from 'zod';
import { UserIdSchema, type StaffStudentResponse } from '../core/staff-desk-api.js';
import { NotFound } from '../core/errors.js';
import type { AppDeps } from './app-deps.js';
import { submissionSummary } from './submission-view.js';
import { parseParams } from './validate.js';
import { say } from '../shared/messages/say.js';

const ParamsSchema = z.object({ id: UserIdSchema });

export function staffStudentRoutes(deps: AppDeps): Router {
  const router = Router();
  const { accounts, submissions, drafts, reports, tokenStatus } = deps.services;

  router.get('/staff/students/:id', async (request, response) => {
    const { id } = parseParams(ParamsSchema, request.params);
    const user = await accounts.users.get(id);
    if (!user) throw new NotFound('user', `no user "${id}"`, say('not_found.user', { id }));
    const token = await tokenStatus(id);
    const rows = await submissions.list({ userId: id });
    const usage = (await reports.byStudent()).find((row) => row.userId === id);
    const result: StaffStudentResponse = {
      user,
      token,
      submissions: rows.map((row) => submissionSummary(row, 'staff')),
      drafts: await drafts.listOf(id),
      usage: {
        user,
        tokenActive: token.status === 'active',
        tokenStatus: token.status,
        tokensUsed: usage?.tokens ?? 0,
        requests: usage?.requests ?? 0,
        costUsd: usage?.costUsd ?? 0,
        submissions: rows.length,
        cacheHits: usage?.cacheHits ?? 0,
        failed: usage?.failed ?? 0,
        gradingTokens: usage?.gradingTokens ?? 0,
        gradingCostUsd: usage?.gradingCostUsd ?? 0,
      },
    };
    response.json(result);
  });
  return router;
}
