// The text playground: render (pure), run on one case (model text streamed), run on the dev split
// (progress streamed, then the full dev report). Every model call is metered to the student.
import { type Response, Router } from 'express';
import { RenderBodySchema, RunBodySchema, RunDevBodySchema, type RunDevDone } from '../core/api.js';
import { NotFound } from '../core/errors.js';
import { gradeProgram } from '../grading/grade-program.js';
import { checkTextRun } from '../grading/prepare-text-run.js';
import { prepareProgram, resolveModel, textProgramAndModel } from '../playground/prepare-program.js';
import { renderProgram } from '../playground/render-program.js';
import { resolveCase } from '../playground/resolve-case.js';
import { renderWithinLimit, runTextOnce } from '../playground/run-text-once.js';
import type { AppDeps } from './app-deps.js';
import { taskPoints } from '../catalog/task-points.js';
import { userOf } from './auth.js';
import { jsonBody } from './body-parsers.js';
import { mapError } from './errors.js';
import { assertBudgetLeft, meteredCaller, stoppingMeter, studentCacheScope, withRequestSlot } from './model-calls.js';
import { eventStream, type EventStream } from './sse.js';
import { requestIdOf } from './request-id.js';
import { parseBody } from './validate.js';
import { say } from '../shared/messages/say.js';

export function runsRoutes(deps: AppDeps): Router {
  const router = Router();
  const { catalog, models, services } = deps;
  const body = jsonBody('1mb');

  /** After the stream has started, an error can only be an event; before, it is a normal response. */
  function failStream(stream: EventStream, response: Response, error: unknown) {
    if (!stream.opened) throw error;
    if (!stream.signal.aborted) stream.send('error', mapError(error, deps.log, requestIdOf(response)).body.error);
    stream.end();
  }

  router.post('/render', body, async (request, response) => {
    userOf(response);
    const input = parseBody(RenderBodySchema, request.body);
    const task = catalog.task(input.taskId);
    response.json(await renderProgram(task, input.program, input.case, models));
  });

  router.post('/run', body, async (request, response) => {
    const user = userOf(response);
    const input = parseBody(RunBodySchema, request.body);
    const task = catalog.task(input.taskId);
    const { program, model } = await textProgramAndModel(task, input.program, models);
    const { inputs } = resolveCase(task, input.case);
    renderWithinLimit(program, task, inputs, model);
    const scope = services.scopes.ofTask(task.id);
    await assertBudgetLeft(deps, user, scope);
    await withRequestSlot(deps, user, async () => {
      const stream = eventStream(response);
      const caller = meteredCaller(deps, user, services.meterFor(user, scope, model.id, 'run'), stream.signal);
      try {
        const result = await runTextOnce({ program, task, inputs, model, caller, now: deps.clock.now }, (text) => stream.send('delta', { text }));
        stream.send('done', result);
        stream.end();
      } catch (error) {
        failStream(stream, response, error);
      }
    });
  });

  router.post('/run-dev', body, async (request, response) => {
    const user = userOf(response);
    const input = parseBody(RunDevBodySchema, request.body);
    const task = catalog.task(input.taskId);
    const program = prepareProgram(task, input.program);
    const model = await resolveModel(models, program.model);
    let dev = task.dev;
    if (input.caseIds) {
      const wanted = new Set(input.caseIds);
      dev = task.dev.filter((c) => wanted.has(c.id));
      const known = new Set(task.dev.map((c) => c.id));
      const unknown = input.caseIds.filter((id) => !known.has(id));
      if (unknown.length)
        throw new NotFound(
          'case',
          `task ${task.id} has no dev case ${unknown
            .slice(0, 5)
            .map((id) => `"${id.slice(0, 80)}"`)
            .join(', ')}`,
          say('not_found.dev_case', { task: task.id }),
        );
    }
    // The hidden split never enters a playground run, whatever the grader does with `split`.
    const devTask = { ...task, dev, test: [] };
    if (program.kind === 'text' && model.kind === 'text') checkTextRun(program, devTask, dev, model);
    const scope = services.scopes.ofTask(task.id);
    await assertBudgetLeft(deps, user, scope);
    await withRequestSlot(deps, user, async () => {
      const stream = eventStream(response);
      const controller = new AbortController();
      stream.signal.addEventListener('abort', () => controller.abort(), { once: true });
      const { meter, budgetError } = stoppingMeter(services.meterFor(user, scope, model.id, 'run-dev'), controller);
      try {
        const report = await gradeProgram(
          devTask,
          input.program,
          {
            models,
            getEvaluator: deps.getEvaluator,
            cache: deps.cache,
            cacheScope: studentCacheScope(user),
            meter,
            judgeMeter: (judgeModel) => services.judgeMeterFor(user.id, scope, judgeModel),
            ...(deps.retryDeps ? { retryDeps: deps.retryDeps } : {}),
          },
          {
            split: 'dev',
            concurrency: deps.config.concurrency,
            timeoutMs: deps.config.timeoutMs,
            maxPoints: taskPoints(catalog, task.id, task),
            signal: controller.signal,
            onProgress: (p) => stream.send('progress', { done: p.done, total: p.total, errored: p.errored }),
          },
        );
        const done: RunDevDone = { report };
        stream.send('done', done);
        stream.end();
      } catch (error) {
        failStream(stream, response, budgetError() ?? error);
      }
    });
  });
  return router;
}
