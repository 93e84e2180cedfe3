// Staff membership: list, add (a one-time sign-in link for the new member), remove (never the last
// one: staff-members.ts checks that in the same statement). Mounted behind requireStaff.
import { Router } from 'express';
import { z } from 'zod';
import { signInUrl } from '../accounts/first-staff.js';
import { AddStaffBodySchema, UserIdSchema, type AddStaffResponse, type StaffMembersResponse } from '../core/staff-desk-api.js';
import { NotFound } from '../core/errors.js';
import { ApiError } from './api-error.js';
import type { AppDeps } from './app-deps.js';
import { jsonBody } from './body-parsers.js';
import { parseBody, parseParams } from './validate.js';
import { say } from '../shared/messages/say.js';

const ParamsSchema = z.object({ id: UserIdSchema });

export function staffMembersRoutes(deps: AppDeps): Router {
  const router = Router();
  const { staffMembers } = deps.services;

  router.get('/staff/members', async (_request, response) => {
    const result: StaffMembersResponse = { members: await staffMembers.list() };
    response.json(result);
  });

  router.post('/staff/members', jsonBody('16kb'), async (request, response) => {
    const body = parseBody(AddStaffBodySchema, request.body);
    const { member, code } = await staffMembers.add(body);
    // A path: the browser puts its own origin in front (the address the new member will use).
    const result: AddStaffResponse = { member, signInPath: signInUrl('', code) };
    response.status(201).json(result);
  });

  router.delete('/staff/members/:id', async (request, response) => {
    const { id } = parseParams(ParamsSchema, request.params);
    const outcome = await staffMembers.remove(id);
    if (outcome === 'last') throw new ApiError(409, 'last_staff_member', 'this is the last staff member; add another one before removing this one');
    if (outcome === 'not-staff') throw new NotFound('staff member', `no staff member "${id}"`, say('not_found.staff_member', { id }));
    response.status(204).end();
  });
  return router;
}
