// The models a task allows, in the task's order (its first is the default), described by the
// server's model list; an id the server does not know still appears, so the problem is visible.
import type { PublicTask } from '../../../server/core/api.js';
import type { ModelInfo } from '../../../server/core/model.js';

export function taskModels(task: Pick<PublicTask, 'models' | 'modality'>, models: readonly ModelInfo[]): ModelInfo[] {
  return task.models.map((id) => models.find((m) => m.id === id) ?? { id, kind: task.modality, provider: '?', label: id });
}

/**
 * The model a new program starts on: the task's first model the server can use, so a fresh
 * student is not started on a model that can only fail. The first listed when none can be used.
 */
export function defaultModelId(task: Pick<PublicTask, 'models'>, models: readonly ModelInfo[]): string {
  return task.models.find((id) => models.find((m) => m.id === id)?.available !== false) ?? task.models[0] ?? '';
}
