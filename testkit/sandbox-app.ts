// A whole sandbox server for HTTP tests: createSandboxListener (the gateway's fast lane, then
// createApp's express app) over a real SQLite file in a temp directory, the frozen fixture tasks,
// models behind the fake OpenAI-compatible server, and helpers to make
// students and staff with real personal tokens.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type express from 'express';
import { evaluatorNames, getEvaluator } from '../evaluators/index.js';
import { createCatalog } from '../server/catalog/catalog.js';
import type { Clock } from '../server/clock.js';
import type { QuotaSettings } from '../server/config.js';
import type { User } from '../server/core/api.js';
import type { ModelRegistry } from '../server/core/model.js';
import type { DraftsStorePort } from '../server/drafts/drafts-ports.js';
import type { AppConfig, AppDeps } from '../server/http/app-deps.js';
import { createCredentials } from '../server/accounts/credentials.js';
import { newId } from '../server/accounts/secrets.js';
import { createUsers } from '../server/accounts/users.js';
import { createSandboxListener, type SandboxListener } from '../server/http/sandbox-listener.js';
import { createServices, type Services } from '../server/services.js';
import { openDatabase, type SqliteDatabase } from '../server/storage/open-database.js';
import { sqliteStores } from '../server/storage/sqlite-stores.js';
import type { Stores } from '../server/storage/stores.js';
import { fixtureTasksDir, registryFor } from './sentiment-fixture.js';

export const noWait = { sleep: async () => {}, random: () => 0.5 };

export type SandboxOptions = {
  /** Directory for sandbox.db; a fresh temp directory when absent. */
  dir?: string;
  baseURL: string;
  apiKey: string;
  models?: ModelRegistry;
  quotas?: Partial<QuotaSettings>;
  clock?: Clock;
  gradingWorkers?: number;
  gradingTimeBudgetMs?: number;
  gradingMaxAttempts?: number;
  /** How long a grading lease lives without a heartbeat (default 30 s). */
  gradingLeaseMs?: number;
  concurrency?: number;
  gatewayMaxTokens?: number;
  /** Per-attempt model timeout (config and the fake-server models' own); default 5 000 ms. */
  timeoutMs?: number;
  tasksDir?: string;
  /** Start the submission queue (default true). */
  startQueue?: boolean;
  /** Another drafts store (the PostgreSQL adapter's); default the SQLite one over sandbox.db. */
  drafts?: DraftsStorePort;
  /** Replaces stores of the SQLite set (a fault-injecting wrapper, another adapter's). */
  stores?: (stores: Stores) => Stores;
};

export type Person = { user: User; token: string; auth: { Authorization: string } };

export type TestSandbox = {
  /** The express app: every route, /v1 included, without the gateway's fast lane. */
  app: express.Express;
  /** What a server listens with (the fast lane, then `app`): `http.createServer(listener)`, or supertest. */
  listener: SandboxListener['listener'];
  /** What `app` was built from, to build another app over the same services with a changed config. */
  appDeps: AppDeps;
  services: Services;
  db: SqliteDatabase;
  dir: string;
  logs: string[];
  student(name?: string, section?: string | null): Person;
  staff(name?: string): Person;
  /** Stops the queue and closes the database (the directory stays, for restart tests). */
  stop(): Promise<void>;
};

export async function createTestSandbox(options: SandboxOptions): Promise<TestSandbox> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-http-'));
  const db = openDatabase(path.join(dir, 'sandbox.db'));
  const clock = options.clock ?? { now: () => Date.now() };
  const catalog = createCatalog({ tasksDir: options.tasksDir ?? fixtureTasksDir, getEvaluator, evaluatorNames: evaluatorNames() });
  const timeoutMs = options.timeoutMs ?? 5_000;
  const models = options.models ?? registryFor(options.baseURL, options.apiKey, timeoutMs);
  const quotas: QuotaSettings = { tokenBudget: 1_000_000, requestBudget: 10_000, rateLimitPerMinute: 0, maxConcurrentRequests: 100, ...options.quotas };
  const config: AppConfig & { gradingWorkers: number; gradingTimeBudgetMs: number; gradingMaxAttempts: number; gradingLeaseMs?: number } = {
    cookieSecure: false,
    sessionDays: 14,
    concurrency: options.concurrency ?? 4,
    timeoutMs,
    gatewayMaxTokens: options.gatewayMaxTokens ?? 256,
    quotas,
    gradingWorkers: options.gradingWorkers ?? 1,
    gradingTimeBudgetMs: options.gradingTimeBudgetMs ?? 60_000,
    gradingMaxAttempts: options.gradingMaxAttempts ?? 3,
    ...(options.gradingLeaseMs ? { gradingLeaseMs: options.gradingLeaseMs } : {}),
  };
  const logs: string[] = [];
  const log = (line: string) => void logs.push(line);
  const instanceId = newId('test');
  const opened = sqliteStores(db, { clock, quotas, sessionDays: config.sessionDays, instanceId });
  const replaced = options.stores ? options.stores(opened) : opened;
  const stores = options.drafts ? { ...replaced, drafts: options.drafts } : replaced;
  const cache = stores.responseCache;
  const services = await createServices({ config, instanceId, stores, catalog, models, getEvaluator, cache, clock, log, retryDeps: noWait });
  const appDeps: AppDeps = { config, catalog, models, getEvaluator, cache, clock, services, log, retryDeps: noWait };
  const { app, listener } = createSandboxListener(appDeps);
  if (options.startQueue !== false) services.queue.start();
  let people = 0;
  // People are made synchronously, on the same SQLite file the services use (tests make many).
  const users = createUsers(db, clock);
  const credentials = createCredentials(db, clock, { sessionDays: config.sessionDays });
  const person = (role: 'student' | 'staff', name: string, section: string | null): Person => {
    people++;
    const user = users.create({ email: `${role}${people}-${name.toLowerCase().replace(/\W+/g, '')}@example.edu`, name, role, section });
    const token = credentials.issueToken(user.id);
    services.accounts.forgetCachedUsers();
    return { user, token, auth: { Authorization: `Bearer ${token}` } };
  };
  return {
    app,
    listener,
    appDeps,
    services,
    db,
    dir,
    logs,
    student: (name = 'Ada Student', section = 'A') => person('student', name, section),
    staff: (name = 'Sam Staff') => person('staff', name, null),
    async stop() {
      await services.stop();
      db.close();
    },
  };
}

/** Parses a text/event-stream body into its events. */
export function parseSse(text: string): { event: string; data: any }[] {
  return text
    .split(/\n\n/)
    .map((block) => block.trim())
    .filter((block) => block && !block.startsWith(':'))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      return { event, data: data ? JSON.parse(data) : null };
    });
}
