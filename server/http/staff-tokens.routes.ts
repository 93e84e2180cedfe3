// POST /api/staff/tokens/export: tokens are stored only as hashes, so exporting them means issuing
// new ones: the chosen students (or those without an active token) get a fresh token, the old one
// and its sessions stop working, and the new tokens come back once, as CSV for a mail merge.
// Mounted behind requireStaff.
import { Router } from 'express';
import { csvLines } from '../shared/csv-cell.js';
import { TokenExportBodySchema } from '../core/staff-desk-api.js';
import type { User } from '../core/api.js';
import type { AppDeps } from './app-deps.js';
import { badRequest } from './api-error.js';
import { jsonBody } from './body-parsers.js';
import { parseBody } from './validate.js';

export function staffTokensRoutes(deps: AppDeps): Router {
  const router = Router();
  const { accounts } = deps.services;

  router.post('/staff/tokens/export', jsonBody('1mb'), async (request, response) => {
    const body = parseBody(TokenExportBodySchema, request.body);
    const students = await accounts.users.list('student');
    let chosen: User[];
    if ('userIds' in body) {
      const byId = new Map(students.map((user) => [user.id, user]));
      const unknown = body.userIds.filter((id) => !byId.has(id));
      // All or nothing: a typo must not re-issue half of the list.
      if (unknown.length)
        throw badRequest(`not students of the roster: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`);
      chosen = [...new Set(body.userIds)].map((id) => byId.get(id)!);
    } else {
      const statuses = await deps.services.tokenStatusByUser();
      chosen = students.filter((user) => statuses.get(user.id)?.status !== 'active');
    }
    const tokens = await accounts.reissueTokens(chosen.map((user) => user.id));
    const rows = chosen.map((user, index) => [user.email, user.name, user.section, tokens[index]!]);
    // Names and sections come from the roster: csvLines defuses formula-like cells (csv-cell.ts).
    const csv = csvLines([['email', 'name', 'section', 'token'], ...rows]);
    response
      .status(200)
      .set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="tokens.csv"', 'cache-control': 'no-store' })
      .send(csv);
  });
  return router;
}
