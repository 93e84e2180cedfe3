// The async port of the playground drafts (one autosaved program per student and task).
import type { AsyncPort } from '../core/async-port.js';
import type { DraftsStore } from './drafts-store.js';

export type DraftsStorePort = AsyncPort<DraftsStore>;
