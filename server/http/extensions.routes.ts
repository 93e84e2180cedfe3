// Staff: per-student extensions (grant or replace, revoke) and their audit. Mounted behind
// requireStaff. Every change is recorded with the staff member's email and the time; the lateness
// of the student's submissions on the task follows at once (no re-grading).
import { Router } from 'express';
import { z } from 'zod';
import { ExtensionBodySchema, type ExtensionAuditView, type ExtensionView, type User } from '../core/api.js';
import { NotFound } from '../core/errors.js';
import { TaskIdSchema } from '../core/task.js';
import type { Extension } from '../deadlines/extensions-store.js';
import type { AppDeps } from './app-deps.js';
import { userOf } from './auth.js';
import { jsonBody } from './body-parsers.js';
import { parseBody, parseParams, parseQuery } from './validate.js';
import { say } from '../shared/messages/say.js';

const UserIdSchema = z.string().regex(/^u_[A-Za-z0-9_-]{1,40}$/, 'is not a user id');
const ExtensionsQuerySchema = z.object({ taskId: TaskIdSchema.optional(), userId: UserIdSchema.optional() }).strict();
const ExtensionParamsSchema = z.object({ userId: UserIdSchema, taskId: TaskIdSchema });

export function extensionsRoutes(deps: AppDeps): Router {
  const router = Router();
  const { accounts, deadlines } = deps.services;
  const view = (extension: Extension, user: User | undefined): ExtensionView => ({ ...extension, email: user?.email ?? '', name: user?.name ?? '' });

  router.get('/staff/extensions', async (request, response) => {
    const filter = parseQuery(ExtensionsQuerySchema, request.query);
    const people = new Map((await accounts.users.list()).map((user) => [user.id, user]));
    const audit: ExtensionAuditView[] = (await deadlines.extensions.audit(filter)).map(({ id: _id, ...entry }) => ({
      ...entry,
      email: people.get(entry.userId)?.email ?? '',
    }));
    const extensions = (await deadlines.extensions.list(filter)).map((extension) => view(extension, people.get(extension.userId)));
    response.json({ extensions, audit });
  });

  router.put('/staff/extensions', jsonBody('16kb'), async (request, response) => {
    const body = parseBody(ExtensionBodySchema, request.body);
    const student = await accounts.users.get(body.userId);
    if (!student) throw new NotFound('user', `no user "${body.userId}"`, say('not_found.user', { id: body.userId }));
    const task = deps.catalog.task(body.taskId);
    const extension = await deadlines.grant(
      { userId: student.id, taskId: task.id, due: body.due, cutoff: body.cutoff, note: body.note || null },
      userOf(response).email,
    );
    response.json({ extension: view(extension, student) });
  });

  router.delete('/staff/extensions/:userId/:taskId', async (request, response) => {
    const { userId, taskId } = parseParams(ExtensionParamsSchema, request.params);
    if (!(await deadlines.revoke(userId, taskId, userOf(response).email)))
      throw new NotFound('extension', `no extension of "${userId}" on "${taskId}"`, say('not_found.extension', { id: userId, task: taskId }));
    response.status(204).end();
  });
  return router;
}
