// The image-text playground: zero-shot classification of one image and retrieval over the dev
// gallery. Images come as base64 in JSON (the contract avoids multipart), hence the larger limit.
import { Router } from 'express';
import { ClassifyBodySchema, RetrieveBodySchema } from '../core/api.js';
import { classifyImage, imageFromBody, retrieveImages } from '../playground/image-text-runs.js';
import { imageTextProgramAndModel } from '../playground/prepare-program.js';
import type { AppDeps } from './app-deps.js';
import { userOf } from './auth.js';
import { jsonBody } from './body-parsers.js';
import { assertBudgetLeft, meteredCaller, withRequestSlot } from './model-calls.js';
import { parseBody } from './validate.js';

export function imageTextRoutes(deps: AppDeps): Router {
  const router = Router();
  const { catalog, models, services } = deps;

  router.post('/image-text/classify', jsonBody('8mb'), async (request, response) => {
    const user = userOf(response);
    const input = parseBody(ClassifyBodySchema, request.body);
    const task = catalog.task(input.taskId);
    // The upload is checked first: what is wrong with it is the student's to fix, whatever the model.
    const image = imageFromBody(task, input.image);
    const { program, model } = await imageTextProgramAndModel(task, input.program, models);
    const scope = services.scopes.ofTask(task.id);
    await assertBudgetLeft(deps, user, scope);
    const controller = new AbortController();
    response.on('close', () => controller.abort());
    const result = await withRequestSlot(deps, user, () =>
      classifyImage(task, program, model, image, meteredCaller(deps, user, services.meterFor(user, scope, model.id, 'classify'), controller.signal)),
    );
    response.json(result);
  });

  router.post('/image-text/retrieve', jsonBody('64kb'), async (request, response) => {
    const user = userOf(response);
    const input = parseBody(RetrieveBodySchema, request.body);
    const task = catalog.task(input.taskId);
    const { program, model } = await imageTextProgramAndModel(task, input.program, models);
    const scope = services.scopes.ofTask(task.id);
    await assertBudgetLeft(deps, user, scope);
    const controller = new AbortController();
    response.on('close', () => controller.abort());
    const result = await withRequestSlot(deps, user, () =>
      retrieveImages(task, program, model, input.query, meteredCaller(deps, user, services.meterFor(user, scope, model.id, 'retrieve'), controller.signal)),
    );
    response.json(result);
  });
  return router;
}
