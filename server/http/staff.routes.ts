// Staff: roster and personal tokens (revoke and re-issue end the sessions made with the old token),
// sessions, usage, grades export. Mounted behind requireStaff.
import { Router } from 'express';
import { z } from 'zod';
import { RosterBodySchema, type EndSessionsResponse, type StaffModelsResponse, type StaffUsageResponse, type StudentSummary } from '../core/api.js';
import { NotFound } from '../core/errors.js';
import type { AppDeps } from './app-deps.js';
import { jsonBody } from './body-parsers.js';
import { gradesCsv } from './grades-csv.js';
import { staffModelHealth } from './model-health-view.js';
import { parseBody, parseParams } from './validate.js';
import { say } from '../shared/messages/say.js';

const UserParamsSchema = z.object({ id: z.string().regex(/^u_[A-Za-z0-9_-]{1,40}$/, 'is not a user id') });

export function staffRoutes(deps: AppDeps): Router {
  const router = Router();
  const { accounts, reports, submissions } = deps.services;

  async function userParam(params: unknown) {
    const { id } = parseParams(UserParamsSchema, params);
    const user = await accounts.users.get(id);
    if (!user) throw new NotFound('user', `no user "${id}"`, say('not_found.user', { id }));
    return user;
  }

  // A roster of a few thousand lines is about 200 KB; the schema allows 2 million characters.
  router.post('/staff/roster', jsonBody('4mb'), async (request, response) => {
    const { csv } = parseBody(RosterBodySchema, request.body);
    response.json(await accounts.importRoster(csv));
  });

  // Model health with the operator's advice (what to set, what to pull, which address failed).
  router.get('/staff/models', (_request, response) => {
    const body: StaffModelsResponse = { models: staffModelHealth(deps.models) };
    response.json(body);
  });

  router.get('/staff/students', async (_request, response) => {
    // Whole-roster reads, one query each: a course of thousands is a handful of queries, not one a student.
    const [users, usage, counts, tokens] = await Promise.all([
      accounts.users.list(),
      reports.byStudent(),
      submissions.countByUser(),
      deps.services.tokenStatusByUser(),
    ]);
    const usageOf = new Map(usage.map((row) => [row.userId, row]));
    const students: StudentSummary[] = users.map((user) => {
      const tokenStatus = tokens.get(user.id)?.status ?? 'none';
      return {
        user,
        // Issuing a token revokes the older ones, so the newest is the only one that can be active.
        tokenActive: tokenStatus === 'active',
        tokenStatus,
        tokensUsed: usageOf.get(user.id)?.tokens ?? 0,
        requests: usageOf.get(user.id)?.requests ?? 0,
        costUsd: usageOf.get(user.id)?.costUsd ?? 0,
        submissions: counts.get(user.id) ?? 0,
      };
    });
    response.json({ students });
  });

  router.post('/staff/students/:id/token', async (request, response) => {
    const user = await userParam(request.params);
    response.json({ token: await accounts.credentials.issueToken(user.id) });
  });

  router.delete('/staff/students/:id/token', async (request, response) => {
    const user = await userParam(request.params);
    await accounts.credentials.revokeToken(user.id);
    response.status(204).end();
  });

  // Signs the person out everywhere (a lost laptop, a shared lab machine); the token keeps working.
  router.delete('/staff/students/:id/sessions', async (request, response) => {
    const user = await userParam(request.params);
    const result: EndSessionsResponse = { ended: await accounts.credentials.endSessions(user.id) };
    response.json(result);
  });

  router.get('/staff/usage', async (_request, response) => {
    const users = new Map((await accounts.users.list()).map((user) => [user.id, user]));
    const result: StaffUsageResponse = {
      byStudent: (await reports.byStudent()).map((row) => {
        const user = users.get(row.userId);
        return { ...row, email: user?.email ?? '', name: user?.name ?? '', section: user?.section ?? null };
      }),
      byModel: await reports.byModel(),
    };
    response.json(result);
  });

  router.get('/staff/grades.csv', async (_request, response) => {
    // One query over the summary columns for the whole class (no report is read), "which counts" applied.
    const grades = await deps.services.deadlines.grades();
    const csv = gradesCsv(deps.catalog, await accounts.users.list('student'), (userId) => grades.get(userId) ?? new Map());
    response.status(200).set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="grades.csv"' }).send(csv);
  });
  return router;
}
