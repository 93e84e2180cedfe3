// What a student may see of a task: everything but the hidden split (only its size), with the
// staff-written text (title, description, label and role names, reflection question) in the
// student's language, English where that language has none.
import { taskDescription } from '../catalog/task-descriptions.js';
import type { PublicStudyConfig, PublicTask } from '../core/api.js';
import { localize, type Locale } from '../core/locale.js';
import type { StudyConfig } from '../core/study.js';
import type { Task } from '../core/task.js';

export function publicStudy(study: StudyConfig, locale: Locale): PublicStudyConfig {
  return {
    ...study,
    roles: study.roles.map((role) => ({
      name: role.name,
      displayName: role.displayName ? localize(role.displayName, locale).text : role.name,
      description: localize(role.description, locale).text,
      models: role.models,
    })),
    reflection: { ...study.reflection, prompt: localize(study.reflection.prompt, locale).text },
  };
}

export function publicTask(task: Task, locale: Locale): PublicTask {
  const description = taskDescription(task, locale);
  const { labelNames, ...fields } = task.fields;
  return {
    id: task.id,
    version: task.version,
    title: localize(task.title, locale).text,
    description: description.text,
    descriptionLocale: description.locale,
    modality: task.modality,
    mode: task.mode,
    models: task.models,
    fields: labelNames
      ? { ...fields, labelNames: Object.fromEntries(Object.entries(labelNames).map(([label, name]) => [label, localize(name, locale).text])) }
      : fields,
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
    study: task.study ? publicStudy(task.study, locale) : null,
  };
}
