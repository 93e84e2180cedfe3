// The only place that reads process.env. Everything else receives a validated Config.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import type { AuthFailureLimits } from './accounts/auth-throttle.js';
import { ConfigError } from './core/errors.js';

const booleanFlag = z.enum(['1', '0', 'true', 'false', 'yes', 'no', '']).transform((value) => value === '1' || value === 'true' || value === 'yes');

/** Failed credentials allowed per minute before 429, unless configured (SANDBOX_AUTH_FAILURES_*). */
export const defaultAuthFailureLimits: AuthFailureLimits = { perAddressPerMinute: 30, overallPerMinute: 600 };

export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  SANDBOX_TASKS_DIR: z.string().default('tasks'),
  SANDBOX_MODELS_CONFIG: z.string().default('models.yaml'),
  SANDBOX_DATA_DIR: z.string().default('data'),
  /** Where local (transformers.js) models live, laid out like the Hugging Face Hub. */
  SANDBOX_MODELS_DIR: z.string().default('models'),
  /** Never touch the network for local models. */
  SANDBOX_OFFLINE: booleanFlag.default(false),
  SANDBOX_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  SANDBOX_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /** The address students open; the first-start sign-in URL is built on it. Default http://localhost:PORT. */
  SANDBOX_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Set when the server is reached over HTTPS (behind a proxy): the session cookie gets `Secure`. */
  SANDBOX_COOKIE_SECURE: booleanFlag.default(false),
  SANDBOX_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** Per student and assignment: prompt + completion tokens, and model calls. */
  SANDBOX_TOKEN_BUDGET: z.coerce.number().int().min(0).default(200_000),
  SANDBOX_REQUEST_BUDGET: z.coerce.number().int().min(0).default(2_000),
  /** Per student: model-using requests per minute (0 turns the limit off), and at the same time. */
  SANDBOX_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  SANDBOX_MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(1000).default(4),
  /** Submissions graded at the same time (each runs SANDBOX_CONCURRENCY model calls in parallel). */
  SANDBOX_GRADING_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** Wall-clock limit on one grading attempt of a submission; a longer one is aborted (infrastructure failure). */
  SANDBOX_GRADING_TIME_BUDGET_MS: z.coerce.number().int().min(100).default(900_000),
  /**
   * How long a grading worker's claim on a submission lives without a heartbeat (renewed every
   * third of it): a worker that died loses its submissions to the others after this long.
   */
  SANDBOX_GRADING_LEASE_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * How long a server process counts as alive after its last heartbeat (renewed every third of it):
   * the budget reservations and analysis jobs of a process that died are released after this long,
   * by any other process on the database (or by its own restart), never those of a live one.
   */
  SANDBOX_INSTANCE_TTL_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * On PostgreSQL (pg-boss): how often an idle worker asks for a job, and how often pg-boss's
   * maintenance hands out again the jobs of workers that died (after their expiry: the grading time
   * budget plus SANDBOX_QUEUE_EXPIRE_GRACE_SECONDS). Retries wait SANDBOX_QUEUE_RETRY_DELAY_SECONDS,
   * doubled each time.
   */
  SANDBOX_QUEUE_POLL_SECONDS: z.coerce.number().min(0.5).max(600).default(2),
  SANDBOX_QUEUE_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  SANDBOX_QUEUE_EXPIRE_GRACE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  SANDBOX_QUEUE_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /** Attempts per submission (a crash or restart mid-grading uses one); then it ends failed, not re-queued. */
  SANDBOX_GRADING_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  /** Cap on max_tokens for gateway (/v1) requests; also the default when a request gives none. */
  SANDBOX_GATEWAY_MAX_TOKENS: z.coerce.number().int().min(1).max(100_000).default(1024),
  /** Failed sign-ins, wrong tokens and wrong one-time codes per client address and minute before 429 (0: no limit). */
  SANDBOX_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).default(defaultAuthFailureLimits.perAddressPerMinute),
  /** The same from all addresses together (0: no limit). Valid credentials are never refused. */
  SANDBOX_AUTH_FAILURES_OVERALL_PER_MINUTE: z.coerce.number().int().min(0).default(defaultAuthFailureLimits.overallPerMinute),
  /**
   * Processes that run local (transformers.js) models, each loading the models it is asked for;
   * default: one per core. 0 runs local models on the server's own thread (debugging only: the
   * server then stops answering while a model computes).
   */
  SANDBOX_INFERENCE_POOL: z.coerce.number().int().min(0).max(64).optional(),
  /**
   * Where the data lives: a postgres:// (or postgresql://) URL, or a SQLite file (`sqlite:<path>` or a
   * bare path, relative to the working directory). Unset: the embedded SQLite file in SANDBOX_DATA_DIR.
   */
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((value) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^postgres(ql)?:\/\/[^/]/i.test(value), {
      message: 'must be a postgres:// URL or the path of a SQLite file (sqlite:<path>)',
    })
    .refine((value) => !/^postgres(ql)?:\/\//i.test(value) || URL.canParse(value), { message: 'is not a valid postgres:// URL' })
    .optional(),
});

/** The database the stores open (server/storage/open-stores.ts). */
export type DatabaseSetting = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export type Config = {
  port: number;
  host: string;
  root: string;
  tasksDir: string;
  modelsConfigPath: string;
  dataDir: string;
  /** The SQLite file: DATABASE_URL's when it names one, else SANDBOX_DATA_DIR/sandbox.db. */
  databasePath: string;
  /** DATABASE_URL, parsed: PostgreSQL or a SQLite file (the default: databasePath). */
  database: DatabaseSetting;
  modelsDir: string;
  offline: boolean;
  concurrency: number;
  timeoutMs: number;
  /** SANDBOX_PUBLIC_URL without a trailing slash; null: http://localhost:<the port listened on>. */
  publicUrl: string | null;
  cookieSecure: boolean;
  sessionDays: number;
  quotas: QuotaSettings;
  gradingWorkers: number;
  gradingTimeBudgetMs: number;
  gradingMaxAttempts: number;
  gradingLeaseMs: number;
  instanceTtlMs: number;
  /** The pg-boss queue's timings (PostgreSQL only; server/submissions/open-pgboss-queue.ts). */
  pgQueue: { pollingIntervalSeconds: number; maintenanceIntervalSeconds: number; expireGraceSeconds: number; retryDelaySeconds: number };
  gatewayMaxTokens: number;
  /** When failed credentials are answered 429 (server/accounts/auth-throttle.ts). */
  authFailures: AuthFailureLimits;
  /** Inference pool size (SANDBOX_INFERENCE_POOL); 0: local models run in-process. */
  inferencePool: number;
  /** The raw environment, for provider secrets named in models.yaml (apiKeyEnv). */
  env: Record<string, string | undefined>;
};

export type QuotaSettings = {
  tokenBudget: number;
  requestBudget: number;
  rateLimitPerMinute: number;
  maxConcurrentRequests: number;
};

/**
 * Reads `.env` (or another file of that format) in the working directory when present, without
 * overriding the real environment. Node's own dotenv parser: quotes, `export`, and
 * `KEY=value # comment` (the comment is not part of the value) behave as in other tools.
 */
export function loadDotEnv(root: string, env: Record<string, string | undefined>, name = '.env'): Record<string, string | undefined> {
  const file = path.join(root, name);
  if (!fs.existsSync(file)) return env;
  return { ...parseEnv(fs.readFileSync(file, 'utf8')), ...env };
}

export function loadConfig(env: Record<string, string | undefined>, root = process.cwd()): Config {
  const merged = loadDotEnv(root, env);
  const result = EnvSchema.safeParse(Object.fromEntries(Object.entries(merged).filter(([key]) => key in EnvSchema.shape)));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment variable${problems.length > 1 ? 's' : ''}:\n${problems.join('\n')}`, { problems });
  }
  const values = result.data;
  const resolve = (value: string) => path.resolve(root, value);
  const url = values.DATABASE_URL;
  const database: DatabaseSetting =
    url === undefined
      ? { kind: 'sqlite', path: path.join(resolve(values.SANDBOX_DATA_DIR), 'sandbox.db') }
      : /^postgres(ql)?:\/\//i.test(url)
        ? { kind: 'postgres', url }
        : { kind: 'sqlite', path: resolve(url.replace(/^sqlite:/i, '')) };
  return {
    port: values.PORT,
    host: values.HOST,
    root,
    tasksDir: resolve(values.SANDBOX_TASKS_DIR),
    modelsConfigPath: resolve(values.SANDBOX_MODELS_CONFIG),
    dataDir: resolve(values.SANDBOX_DATA_DIR),
    databasePath: database.kind === 'sqlite' ? database.path : path.join(resolve(values.SANDBOX_DATA_DIR), 'sandbox.db'),
    database,
    modelsDir: resolve(values.SANDBOX_MODELS_DIR),
    offline: values.SANDBOX_OFFLINE,
    concurrency: values.SANDBOX_CONCURRENCY,
    timeoutMs: values.SANDBOX_TIMEOUT_MS,
    publicUrl: values.SANDBOX_PUBLIC_URL ? values.SANDBOX_PUBLIC_URL.replace(/\/+$/, '') : null,
    cookieSecure: values.SANDBOX_COOKIE_SECURE,
    sessionDays: values.SANDBOX_SESSION_DAYS,
    quotas: {
      tokenBudget: values.SANDBOX_TOKEN_BUDGET,
      requestBudget: values.SANDBOX_REQUEST_BUDGET,
      rateLimitPerMinute: values.SANDBOX_RATE_LIMIT_PER_MINUTE,
      maxConcurrentRequests: values.SANDBOX_MAX_CONCURRENT_REQUESTS,
    },
    gradingWorkers: values.SANDBOX_GRADING_WORKERS,
    gradingTimeBudgetMs: values.SANDBOX_GRADING_TIME_BUDGET_MS,
    gradingMaxAttempts: values.SANDBOX_GRADING_MAX_ATTEMPTS,
    gradingLeaseMs: values.SANDBOX_GRADING_LEASE_MS,
    instanceTtlMs: values.SANDBOX_INSTANCE_TTL_MS,
    pgQueue: {
      pollingIntervalSeconds: values.SANDBOX_QUEUE_POLL_SECONDS,
      maintenanceIntervalSeconds: values.SANDBOX_QUEUE_MAINTENANCE_SECONDS,
      expireGraceSeconds: values.SANDBOX_QUEUE_EXPIRE_GRACE_SECONDS,
      retryDelaySeconds: values.SANDBOX_QUEUE_RETRY_DELAY_SECONDS,
    },
    gatewayMaxTokens: values.SANDBOX_GATEWAY_MAX_TOKENS,
    authFailures: { perAddressPerMinute: values.SANDBOX_AUTH_FAILURES_PER_MINUTE, overallPerMinute: values.SANDBOX_AUTH_FAILURES_OVERALL_PER_MINUTE },
    inferencePool: values.SANDBOX_INFERENCE_POOL ?? Math.max(1, os.availableParallelism()),
    env: merged,
  };
}
