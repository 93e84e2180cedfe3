import { Router } from 'express';
import { z } from 'zod';
import type { Catalog } from '../catalog/catalog.js';
import { TaskIdSchema } from '../core/task.js';
import { SandboxError } from '../core/errors.js';
import { publicTask } from './task-view.js';

export function tasksRoutes(catalog: Catalog): Router {
  const router = Router();
  router.get('/tasks', (_request, response) => {
    response.json({ tasks: catalog.tasks().map((task) => ({ id: task.id, title: task.title, modality: task.modality, models: task.models, points: task.points.max })) });
  });
  router.get('/tasks/:id', (request, response) => {
    const id = z.object({ id: TaskIdSchema }).safeParse(request.params);
    if (!id.success) throw new SandboxError('bad_request', `"${String(request.params.id).slice(0, 64)}" is not a task id: ${id.error.issues[0]?.message}`);
    response.json({ task: publicTask(catalog.task(id.data.id)) });
  });
  router.get('/assignments', (_request, response) => {
    response.json({ assignments: catalog.assignments() });
  });
  return router;
}
