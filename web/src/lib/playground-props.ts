// What the task page hands to either playground: kept apart from both so neither playground
// imports the page that lazily loads it.
import type { PublicTask } from '../../../server/core/api.js';
import type { ModelInfo } from '../../../server/core/model.js';

export type PlaygroundProps = {
  task: PublicTask;
  models: ModelInfo[];
  draft: Record<string, unknown> | null;
  reopened: { program: unknown; createdAt: string } | null;
};
