// /healthz: the process answers. /readyz: it can serve: the database answers and tasks are loaded.
import { Router } from 'express';
import type { AppDeps } from './app-deps.js';

export function healthRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => void response.json({ ok: true }));
  router.get('/readyz', (_request, response) => {
    let database = true;
    try {
      deps.services.submissions.countToday('', '');
    } catch {
      database = false;
    }
    const tasks = deps.catalog.tasks().length;
    const ok = database && tasks > 0;
    response.status(ok ? 200 : 503).json({ ok, database, tasks, models: deps.models.list().length });
  });
  return router;
}
