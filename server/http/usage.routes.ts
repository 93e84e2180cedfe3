import { Router } from 'express';
import { z } from 'zod';
import type { UsageResponse } from '../core/api.js';
import { TaskIdSchema } from '../core/task.js';
import type { AppDeps } from './app-deps.js';
import { userOf } from './auth.js';
import { parseQuery } from './validate.js';

// `taskId` (optional, additive to the contract) picks the budget of that task's assignment.
const QuerySchema = z.object({ taskId: TaskIdSchema.optional() }).strict();

export function usageRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/usage', async (request, response) => {
    const user = userOf(response);
    const { taskId } = parseQuery(QuerySchema, request.query);
    const { scopes, ledger } = deps.services;
    const scope = taskId ? (deps.catalog.task(taskId), scopes.ofTask(taskId)) : scopes.current();
    const usage: UsageResponse = await ledger.usage(user.id, scope);
    response.json(usage);
  });
  return router;
}
