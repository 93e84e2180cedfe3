import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.js';
import { ConfigError } from '../../server/core/errors.js';

describe('server configuration', () => {
  it('has defaults for budgets, limits, sessions and the gateway', () => {
    const config = loadConfig({}, '/nonexistent-root');
    expect(config.quotas).toEqual({ tokenBudget: 200_000, requestBudget: 2_000, rateLimitPerMinute: 60, maxConcurrentRequests: 4 });
    expect(config).toMatchObject({ cookieSecure: false, sessionDays: 14, gradingWorkers: 1, gatewayMaxTokens: 1024, publicUrl: null, port: 3000 });
  });

  it('reads the variables', () => {
    const config = loadConfig(
      {
        SANDBOX_TOKEN_BUDGET: '5000',
        SANDBOX_RATE_LIMIT_PER_MINUTE: '0',
        SANDBOX_COOKIE_SECURE: 'true',
        SANDBOX_PUBLIC_URL: 'https://sandbox.example.edu/',
        SANDBOX_GRADING_WORKERS: '3',
      },
      '/nonexistent-root',
    );
    expect(config.quotas.tokenBudget).toBe(5000);
    expect(config.quotas.rateLimitPerMinute).toBe(0);
    expect(config.cookieSecure).toBe(true);
    expect(config.publicUrl).toBe('https://sandbox.example.edu');
    expect(config.gradingWorkers).toBe(3);
  });

  it('bounds grading: a time budget per attempt and a number of attempts', () => {
    expect(loadConfig({}, '/nonexistent-root')).toMatchObject({ gradingTimeBudgetMs: 900_000, gradingMaxAttempts: 3 });
    const config = loadConfig({ SANDBOX_GRADING_TIME_BUDGET_MS: '120000', SANDBOX_GRADING_MAX_ATTEMPTS: '5' }, '/nonexistent-root');
    expect(config).toMatchObject({ gradingTimeBudgetMs: 120_000, gradingMaxAttempts: 5 });
    // Zero attempts would never grade anything; a budget under 100 ms could not grade one case.
    expect(() => loadConfig({ SANDBOX_GRADING_MAX_ATTEMPTS: '0' }, '/nonexistent-root')).toThrow(/SANDBOX_GRADING_MAX_ATTEMPTS: /);
    expect(() => loadConfig({ SANDBOX_GRADING_TIME_BUDGET_MS: '10' }, '/nonexistent-root')).toThrow(/SANDBOX_GRADING_TIME_BUDGET_MS: /);
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ SANDBOX_TOKEN_BUDGET: 'lots', SANDBOX_COOKIE_SECURE: 'maybe', SANDBOX_PUBLIC_URL: 'ftp://x' }, '/nonexistent-root');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^invalid environment variables:/);
    expect(message).toMatch(/SANDBOX_TOKEN_BUDGET: /);
    expect(message).toMatch(/SANDBOX_COOKIE_SECURE: /);
    expect(message).toMatch(/SANDBOX_PUBLIC_URL: /);
  });

  it('sizes the inference pool: one member per core by default, 0 for in-process, never negative', () => {
    expect(loadConfig({}, '/nonexistent-root').inferencePool).toBe(Math.max(1, os.availableParallelism()));
    expect(loadConfig({ SANDBOX_INFERENCE_POOL: '0' }, '/nonexistent-root').inferencePool).toBe(0);
    expect(loadConfig({ SANDBOX_INFERENCE_POOL: '3' }, '/nonexistent-root').inferencePool).toBe(3);
    expect(() => loadConfig({ SANDBOX_INFERENCE_POOL: '-1' }, '/nonexistent-root')).toThrow(/SANDBOX_INFERENCE_POOL: /);
  });
});

describe('.env next to package.json', () => {
  it('is read with quotes, export and trailing comments as dotenv files mean them, and never overrides the real environment', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-dotenv-'));
    fs.writeFileSync(
      path.join(root, '.env'),
      [
        '# course keys',
        'OPENAI_API_KEY=sk-abc # my key',
        'export SANDBOX_TOKEN_BUDGET="5000"',
        "SANDBOX_PUBLIC_URL='https://fm.example.edu/#top'",
        'PORT=4000',
      ].join('\n'),
    );
    const config = loadConfig({ PORT: '5000' }, root);
    expect(config.env.OPENAI_API_KEY).toBe('sk-abc');
    expect(config.quotas.tokenBudget).toBe(5000);
    expect(config.publicUrl).toBe('https://fm.example.edu/#top');
    expect(config.port).toBe(5000);
  });
});

describe('DATABASE_URL', () => {
  it('defaults to the embedded SQLite file in the data directory', () => {
    const config = loadConfig({ SANDBOX_DATA_DIR: 'var' }, '/srv/course');
    expect(config.database).toEqual({ kind: 'sqlite', path: '/srv/course/var/sandbox.db' });
    expect(config.databasePath).toBe('/srv/course/var/sandbox.db');
  });

  it('names a PostgreSQL database or a SQLite file', () => {
    const pg = loadConfig({ DATABASE_URL: 'postgres://sandbox:secret@db.example.edu:5432/course' }, '/srv/course');
    expect(pg.database).toEqual({ kind: 'postgres', url: 'postgres://sandbox:secret@db.example.edu:5432/course' });
    expect(pg.databasePath).toBe('/srv/course/data/sandbox.db');
    expect(loadConfig({ DATABASE_URL: 'postgresql://localhost/course' }, '/r').database.kind).toBe('postgres');
    const file = loadConfig({ DATABASE_URL: 'sqlite:term/fall.db' }, '/srv/course');
    expect(file.database).toEqual({ kind: 'sqlite', path: '/srv/course/term/fall.db' });
    expect(file.databasePath).toBe('/srv/course/term/fall.db');
    expect(loadConfig({ DATABASE_URL: '/abs/sandbox.db' }, '/r').databasePath).toBe('/abs/sandbox.db');
  });

  it('refuses another kind of URL with a clear message', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://localhost/course' }, '/r')).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://localhost/course' }, '/r')).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ URL or the path of a SQLite file/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgres://' }, '/r')).toThrow(/DATABASE_URL/);
  });
});
