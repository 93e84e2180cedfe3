// The staff view of model health: the registry's models joined with their health entries. The
// advice names variables, paths and upstream addresses, so only staff routes use this.
import type { StaffModelHealth } from '../core/api.js';
import type { ModelRegistry } from '../core/model.js';

export function staffModelHealth(models: ModelRegistry): StaffModelHealth[] {
  const health = new Map((models.health?.() ?? []).map((entry) => [entry.id, entry]));
  return models.list().map((model) => {
    const entry = health.get(model.id);
    return {
      id: model.id,
      label: model.label,
      kind: model.kind,
      provider: model.provider,
      state: entry?.state ?? 'unknown',
      available: model.available ?? true,
      checkedAt: entry?.checkedAt ? new Date(entry.checkedAt).toISOString() : null,
      advice: entry?.advice ?? null,
    };
  });
}
