// Tasks as students see them (never the hidden split: only its size), their dev images, the
// assignments, and the configured models. Staff-written text comes in the asked language (`?lang=`).
import { Router } from 'express';
import { z } from 'zod';
import type { PublicTask, TaskDeadlineResponse } from '../core/api.js';
import { NotFound } from '../core/errors.js';
import { localize } from '../core/locale.js';
import { TaskIdSchema } from '../core/task.js';
import { devImages } from '../playground/image-text-runs.js';
import type { AppDeps } from './app-deps.js';
import { assignmentSummaries } from './assignment-view.js';
import { userOf } from './auth.js';
import { contentLocale } from './content-locale.js';
import { publicTask } from './task-view.js';
import { parseParams } from './validate.js';
import { say } from '../shared/messages/say.js';
import { effectiveDeadline } from '../shared/late-policy.js';

const TaskParamsSchema = z.object({ id: TaskIdSchema });
const ImageParamsSchema = z.object({ id: TaskIdSchema, name: z.string().min(1).max(300) });

export function tasksRoutes(deps: AppDeps): Router {
  const router = Router();
  const { catalog } = deps;
  router.get('/tasks', (request, response) => {
    const locale = contentLocale(request, response);
    response.json({
      tasks: catalog
        .tasks()
        .map((task) => ({ id: task.id, title: localize(task.title, locale).text, modality: task.modality, models: task.models, points: task.points.max })),
    });
  });
  router.get('/tasks/:id', (request, response) => {
    const { id } = parseParams(TaskParamsSchema, request.params);
    const task: PublicTask = publicTask(catalog.task(id), contentLocale(request, response));
    response.json({ task });
  });
  // The submit dialog previews on time / late / refused with the shared late policy against this.
  router.get('/tasks/:id/deadline', async (request, response) => {
    const { id } = parseParams(TaskParamsSchema, request.params);
    const task = catalog.task(id);
    const result: TaskDeadlineResponse = {
      deadline: await deps.services.deadlines.forStudent(userOf(response).id, task.id),
      now: new Date(deps.clock.now()).toISOString(),
    };
    response.json(result);
  });
  router.get('/tasks/:id/images/:name', (request, response, next) => {
    const { id, name } = parseParams(ImageParamsSchema, request.params);
    // Only names of dev images resolve; anything else (a test image, ../, a README) is a 404.
    const file = devImages(catalog.task(id)).get(name);
    if (!file) throw new NotFound('image', `task ${id} has no dev image "${name.slice(0, 100)}"`, say('not_found.dev_image', { task: id }));
    response.sendFile(file, { dotfiles: 'deny', headers: { 'cache-control': 'private, max-age=3600' } }, (error) => {
      if (error && !response.headersSent)
        next(new NotFound('image', `the image "${name.slice(0, 100)}" could not be read`, say('not_found.image', { name: name.slice(0, 100) })));
    });
  });
  router.get('/assignments', async (request, response) => {
    const user = userOf(response);
    const locale = contentLocale(request, response);
    const { submissions, deadlines } = deps.services;
    // Read per task up front (the summaries are built from memory).
    const taskIds = catalog.tasks().map((task) => task.id);
    const deadline = new Map(await Promise.all(taskIds.map(async (id) => [id, await deadlines.forStudent(user.id, id)] as const)));
    const today = new Map(await Promise.all(taskIds.map(async (id) => [id, await submissions.countToday(user.id, id)] as const)));
    const assignments = assignmentSummaries(catalog, locale, {
      grades: (await deadlines.grades({ userId: user.id })).get(user.id) ?? new Map(),
      deadline: (taskId) => deadline.get(taskId) ?? effectiveDeadline(catalog.deadline(taskId), null),
      submissionsToday: (taskId) => today.get(taskId) ?? 0,
    });
    response.json({ assignments });
  });
  router.get('/models', (_request, response) => {
    response.json({ models: deps.models.list() });
  });
  return router;
}
