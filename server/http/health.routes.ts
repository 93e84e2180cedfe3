// /healthz: the process answers. /readyz: it can serve: the database answers, tasks are loaded and
// at least one model is usable. /readyz is unauthenticated (load balancers call it), so it shows
// each model's state but not the operator's advice (paths, variables): that is on the staff page.
import { Router } from 'express';
import type { AppDeps } from './app-deps.js';
import { staffModelHealth } from './model-health-view.js';

export function healthRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => void response.json({ ok: true }));
  router.get('/readyz', async (_request, response) => {
    let database = true;
    try {
      await deps.services.submissions.countToday('', '');
    } catch {
      database = false;
    }
    const tasks = deps.catalog.tasks().length;
    // Computed per request: the health service changes with every call outcome, so this is always current.
    const models = staffModelHealth(deps.models).map(({ id, state, available, checkedAt }) => ({ id, state, available, checkedAt }));
    const usable = models.filter((model) => model.available).length;
    const ok = database && tasks > 0 && usable > 0;
    response.status(ok ? 200 : 503).json({ ok, database, tasks, usableModels: usable, models });
  });
  return router;
}
