import { Router } from 'express';
import { z } from 'zod';
import { DraftBodySchema } from '../core/api.js';
import { TaskIdSchema } from '../core/task.js';
import type { AppDeps } from './app-deps.js';
import { userOf } from './auth.js';
import { jsonBody } from './body-parsers.js';
import { parseBody, parseParams } from './validate.js';

const ParamsSchema = z.object({ taskId: TaskIdSchema });

/** Autosave: each student's own draft per task; nobody else's is reachable through these routes. */
export function draftsRoutes(deps: AppDeps): Router {
  const router = Router();
  const { drafts } = deps.services;
  router.get('/drafts/:taskId', async (request, response) => {
    const user = userOf(response);
    const { taskId } = parseParams(ParamsSchema, request.params);
    deps.catalog.task(taskId);
    response.json({ draft: await drafts.get(user.id, taskId) });
  });
  router.put('/drafts/:taskId', jsonBody('1mb'), async (request, response) => {
    const user = userOf(response);
    const { taskId } = parseParams(ParamsSchema, request.params);
    const { program } = parseBody(DraftBodySchema, request.body);
    deps.catalog.task(taskId);
    response.json({ draft: await drafts.put(user.id, taskId, program) });
  });
  return router;
}
