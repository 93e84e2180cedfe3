// What a student may see of a task: everything but the hidden split (only its size).
import type { PublicTask } from '../core/api.js';
import type { Task } from '../core/task.js';

export function publicTask(task: Task): PublicTask {
  return {
    id: task.id,
    version: task.version,
    title: task.title,
    description: task.description || task.readme,
    modality: task.modality,
    mode: task.mode,
    models: task.models,
    fields: task.fields,
    limits: task.limits,
    evaluators: task.evaluators.map((use) => ({ name: use.label ?? use.name, evaluator: use.name, weight: use.weight })),
    metric: task.metric,
    points: task.points,
    submissions: task.submissions,
    dev: task.dev.map((c) => ({
      id: c.id,
      inputs: c.inputs,
      expected: c.expected,
      ...(c.imagePath ? { image: `/api/tasks/${task.id}/images/${encodeURIComponent(c.inputs[Object.keys(c.inputs)[0]!] ?? '')}` } : {}),
    })),
    testCount: task.test.length,
    study: task.study ?? null,
  };
}
