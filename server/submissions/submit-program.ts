// The submit use case: a student's program becomes a stored submission waiting for a grader, or
// is refused before it uses one of the day's submissions. The order is the policy: the cutoff
// first (whatever the program), then the program's shape, then every variant prepared against
// every case (a program over the token limit is refused now, not after it was counted), then the
// store's atomic create under the daily limit, then the queue. HTTP only maps the outcome.
import type { Catalog } from '../catalog/catalog.js';
import { taskPoints } from '../catalog/task-points.js';
import type { User } from '../core/api.js';
import { ProgramError } from '../core/errors.js';
import type { ModelRegistry } from '../core/model.js';
import type { Task } from '../core/task.js';
import type { Deadlines } from '../deadlines/deadlines.js';
import { parseSubmission, submissionPrograms, submissionProblems, submissionProblemsError } from '../grading/parse-submission.js';
import { checkTextRun } from '../grading/prepare-text-run.js';
import { resolveModel } from '../playground/prepare-program.js';
import { say } from '../shared/messages/say.js';
import { withTaskDefaults } from '../prompts/check-program.js';
import type { SubmissionQueue } from './grading-queue.js';
import type { SubmissionStorePort } from './submission-ports.js';
import type { StoredSubmission } from './submission-store.js';

export type SubmitDeps = {
  catalog: Catalog;
  models: ModelRegistry;
  deadlines: Pick<Deadlines, 'admit' | 'measure'>;
  submissions: Pick<SubmissionStorePort, 'create' | 'countToday'>;
  queue: Pick<SubmissionQueue, 'enqueue'>;
};

export type Submitted = { submission: StoredSubmission; remainingToday: number };

export async function submitProgram(deps: SubmitDeps, user: User, taskId: string, body: unknown): Promise<Submitted> {
  const task = deps.catalog.task(taskId);
  // Staff trying a task are exempt from the cutoff and the daily limit; their lateness is still recorded.
  const lateness = user.role === 'staff' ? await deps.deadlines.measure(user.id, task.id) : await deps.deadlines.admit(user.id, task.id, task.title.en);
  const program = parseSubmission(body, task);
  const problems = submissionProblems(program, task);
  if (problems.length) throw submissionProblemsError(problems);
  const programs = submissionPrograms(program);
  await checkEveryVariantFits(deps.models, task, programs);
  const limit = user.role === 'staff' ? null : { perDay: task.submissions.perDay, taskTitle: task.title.en };
  const created = await deps.submissions.create(
    {
      userId: user.id,
      taskId: task.id,
      taskVersion: task.version,
      program,
      model: [...new Set(programs.map(({ program: one }) => one.model))].join(', '),
      maxPoints: taskPoints(deps.catalog, task.id, task),
      lateness,
    },
    limit,
  );
  void deps.queue.enqueue(created.submission.id);
  const remainingToday = created.remainingToday ?? Math.max(0, task.submissions.perDay - (await deps.submissions.countToday(user.id, task.id)));
  return { submission: created.submission, remainingToday };
}

/** Checks each variant on every case, dev and hidden, so a prompt too long for its model is refused before it counts. */
async function checkEveryVariantFits(models: ModelRegistry, task: Task, programs: ReturnType<typeof submissionPrograms>) {
  for (const { name, program: one } of programs) {
    const model = await resolveModel(models, one.model);
    const withDefaults = withTaskDefaults(one, task);
    try {
      if (withDefaults.kind === 'text' && model.kind === 'text') checkTextRun(withDefaults, task, [...task.dev, ...task.test], model);
    } catch (error) {
      // The refusal names the variant but never the case: the hidden cases stay hidden.
      if (name && error instanceof ProgramError) {
        const said = error.said.length ? [say('study.in_variant', { variant: name }), ...error.said] : [];
        throw new ProgramError(
          error.problems.map((problem) => `variant "${name}": ${problem}`),
          said,
        );
      }
      throw error;
    }
  }
}
