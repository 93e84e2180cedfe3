// What createApp needs. Everything is passed in: tests build these from temp directories and the
// fake OpenAI server; `sandbox serve` builds them from the environment (server/runtime.ts).
import type express from 'express';
import type { AuthThrottle } from '../accounts/auth-throttle.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { AnyEvaluator } from '../core/evaluator.js';
import type { ModelRegistry } from '../core/model.js';
import type { RetryDeps } from '../grading/retry.js';
import type { Services } from '../services.js';
import type { ResponseCache } from '../grading/response-cache.js';

export type AppConfig = Pick<Config, 'cookieSecure' | 'sessionDays' | 'concurrency' | 'timeoutMs' | 'gatewayMaxTokens' | 'quotas'> &
  Partial<Pick<Config, 'publicUrl' | 'authFailures'>>;

export type AppDeps = {
  config: AppConfig;
  catalog: Catalog;
  models: ModelRegistry;
  getEvaluator: (name: string) => AnyEvaluator | undefined;
  cache: ResponseCache | null;
  clock: Clock;
  services: Services;
  /** Structured request logs and server errors (JSON lines); `sandbox serve` writes them to stderr. */
  log: (line: string) => void;
  retryDeps?: RetryDeps;
  /** Throttling of failed credentials; by default one in memory with config.authFailures (or the defaults). */
  authThrottle?: AuthThrottle;
  /** Mounts the built web app (static files, SPA fallback) after the API routes. */
  mountWeb?: (app: express.Express) => void;
};
