import { Router } from 'express';
import { PreferencesBodySchema } from '../core/api.js';
import type { AppDeps } from './app-deps.js';
import { userOf } from './auth.js';
import { jsonBody } from './body-parsers.js';
import { parseBody } from './validate.js';

export function meRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/me', (_request, response) => {
    response.json({ user: userOf(response) });
  });
  router.put('/me/preferences', jsonBody('16kb'), async (request, response) => {
    const user = userOf(response);
    const { locale } = parseBody(PreferencesBodySchema, request.body);
    response.json({ user: await deps.services.accounts.users.update(user.id, { locale }) });
  });
  return router;
}
