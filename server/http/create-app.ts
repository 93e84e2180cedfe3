// createApp(deps) builds the express app without listening, so tests drive it with supertest.
import express from 'express';
import type { Catalog } from '../catalog/catalog.js';
import type { ModelRegistry } from '../core/model.js';
import { createErrorHandler } from './errors.js';
import { tasksRoutes } from './tasks.routes.js';
import { webStatic } from './web-static.js';

export type AppDeps = { catalog: Catalog; models: ModelRegistry; log: (line: string) => void };

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.get('/healthz', (_request, response) => void response.json({ ok: true }));
  app.get('/readyz', (_request, response) => void response.json({ ok: true, tasks: deps.catalog.tasks().length, models: deps.models.list().length }));
  app.use('/api', tasksRoutes(deps.catalog));
  app.get('/api/models', (_request, response) => void response.json({ models: deps.models.list() }));
  app.use('/api', (request, response) => {
    response.status(404).json({ error: { code: 'not_found', message: `no API route ${request.method} ${request.path}` } });
  });
  // The browser app (web/dist) with its SPA fallback; API paths never reach it.
  app.use(webStatic());
  app.use(createErrorHandler(deps.log));
  return app;
}
