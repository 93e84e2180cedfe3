// The async port of per-student extensions and their append-only audit.
import type { AsyncPort } from '../core/async-port.js';
import type { ExtensionsStore } from './extensions-store.js';

export type ExtensionsStorePort = AsyncPort<ExtensionsStore>;
