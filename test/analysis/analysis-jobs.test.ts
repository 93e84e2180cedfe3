// Background analysis jobs on a real SQLite file: one job per task and kind at a time, progress
// and result in the row, a restart ending a job left running as failed (never left "running"
// forever), a stop ending it failed with the reason, and data lines read the catalog's way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';
import { createAnalysisJobRecords } from '../../server/analysis/analysis-job-records.js';
import { createAnalysisJobs, type StoredSimilarity } from '../../server/analysis/analysis-jobs.js';
import { caseLines } from '../../server/analysis/case-lines.js';
import { toAsyncPort } from '../../server/core/async-port.js';
import type { ModelRegistry } from '../../server/core/model.js';
import { openDatabase, type SqliteDatabase } from '../../server/storage/open-database.js';
import type { StoredSubmission } from '../../server/submissions/submission-store.js';
import { analysisTasksDir, loadAnalysisTask, starterProgram } from '../support/analysis-tasks.js';

const tasksDir = analysisTasksDir();
const task = loadAnalysisTask(tasksDir, 'sentiment');
const dbs: SqliteDatabase[] = [];
const sandboxes: TestSandbox[] = [];
afterEach(async () => {
  for (const sandbox of sandboxes.splice(0)) await sandbox.stop();
  for (const db of dbs.splice(0)) db.close();
});

function database(file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-analysis-')), 'sandbox.db')) {
  const db = openDatabase(file);
  db.prepare("INSERT OR IGNORE INTO users (id, email, name, role, created_at) VALUES ('u_staff', 's@example.edu', 'Sam', 'staff', '2026-01-01')").run();
  dbs.push(db);
  return { db, file };
}

const submission = (id: string, userId: string, instruction: string) =>
  ({ id, userId, taskId: 'sentiment', program: { ...starterProgram, instruction } }) as unknown as StoredSubmission;
const copied = 'Read each line of shopper feedback with care and say whether its writer was pleased overall.';

const clock = { now: () => Date.parse('2026-12-01T10:00:00Z') };
// The rows of one process on the file (as its stores own them: server/storage/sqlite-stores.ts).
const records = (db: SqliteDatabase) => toAsyncPort(createAnalysisJobRecords(db, clock, { owner: 'test-instance' }));

function jobs(db: SqliteDatabase, counted: StoredSubmission[] | Promise<StoredSubmission[]>) {
  return createAnalysisJobs({
    records: records(db),
    task: () => task,
    counted: async () => counted,
    models: {} as ModelRegistry,
    getEvaluator: () => undefined,
    cache: null,
    concurrency: 1,
    timeoutMs: 1_000,
    log: () => {},
  });
}

/** A second process starting on the same file (its services: their start ends the jobs of processes that are gone). */
async function restarted(file: string) {
  const sandbox = await createTestSandbox({ dir: path.dirname(file), tasksDir, baseURL: 'http://127.0.0.1:9/v1', apiKey: 'unused', startQueue: false });
  sandboxes.push(sandbox);
  return sandbox.services.analysisJobs;
}

describe('analysis jobs', () => {
  const counted = [submission('s_1', 'u_a', copied), submission('s_2', 'u_b', copied.toUpperCase()), submission('s_3', 'u_c', 'Something else entirely here.')];

  it('runs a similarity job to the end: progress and pairs in the row; a second start while it runs returns the same job', async () => {
    const { db } = database();
    const analysis = jobs(db, counted);
    const first = await analysis.startSimilarity('sentiment', { threshold: 0.5, shingle: 3 }, 'u_staff');
    expect((await analysis.startSimilarity('sentiment', { threshold: 0.9, shingle: 3 }, 'u_staff')).id).toBe(first.id);
    expect(first).toMatchObject({ state: 'running', kind: 'similarity' });
    await analysis.idle();
    const done = (await analysis.latestSimilarity('sentiment'))!;
    expect(done.job).toMatchObject({ id: first.id, state: 'done', done: 6, total: 6, error: null });
    expect(done.result).toEqual<StoredSimilarity>({
      threshold: 0.5,
      shingle: 3,
      programs: 3,
      pairs: [{ a: { submissionId: 's_1', userId: 'u_a' }, b: { submissionId: 's_2', userId: 'u_b' }, jaccard: 1, estimate: 1 }],
    });
  });

  it('a restart ends a job left running as failed, and says to start it again', async () => {
    const { db, file } = database();
    // The first process's job cannot finish before the second process starts (its programs arrive later).
    let release!: () => void;
    const later = new Promise<StoredSubmission[]>((resolve) => (release = () => resolve(counted)));
    const before = jobs(db, later);
    const job = await before.startSimilarity('sentiment', { threshold: 0.5, shingle: 3 }, 'u_staff');
    const after = await restarted(file); // a second process opening the same file
    expect(await after.get(job.id)).toMatchObject({ state: 'failed', error: 'interrupted by a server restart; start it again' });
    release();
    await before.idle();
    expect(await before.get(job.id)).toMatchObject({ state: 'failed', done: 0 });
    // The first process finishing late does not overwrite the verdict.
    expect((await after.get(job.id))!.state).toBe('failed');
  });

  it('a stop cancels a running job: failed, with the reason', async () => {
    const { db } = database();
    const analysis = jobs(db, counted);
    const job = await analysis.startSimilarity('sentiment', { threshold: 0.5, shingle: 3 }, 'u_staff');
    await analysis.stop();
    expect(await analysis.get(job.id)).toMatchObject({ state: 'failed', error: 'stopped with the server; start it again' });
  });

  it('a reference job for a task without a usable reference.json fails with the reason', async () => {
    const { db } = database();
    fs.rmSync(path.join(tasksDir, 'sentiment', 'reference.json'));
    try {
      const analysis = jobs(db, counted);
      const job = await analysis.startReference('sentiment', 'u_staff');
      await analysis.idle();
      expect((await analysis.get(job.id))!.state).toBe('failed');
      expect((await analysis.get(job.id))!.error).toContain('reference.json');
      expect(await analysis.reference('sentiment')).toBeNull();
    } finally {
      fs.writeFileSync(path.join(tasksDir, 'sentiment', 'reference.json'), JSON.stringify({ ...starterProgram, instruction: 'x' }));
    }
  });
});

describe('case lines', () => {
  it('"<folder>/<split>.jsonl:<line>" by split and id; a line without an id is "<split>-<line>", blank lines counted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-lines-'));
    const casesDir = path.join(dir, 'mytask');
    fs.mkdirSync(casesDir);
    fs.writeFileSync(path.join(casesDir, 'dev.jsonl'), '{"id": "a", "x": 1}\n\n{"x": 2}\n');
    fs.writeFileSync(path.join(casesDir, 'test.jsonl'), '{"id": 7}\n');
    expect(Object.fromEntries(caseLines({ casesDir }))).toEqual({
      'dev\u0000a': 'mytask/dev.jsonl:1',
      'dev\u0000dev-3': 'mytask/dev.jsonl:3',
      'test\u00007': 'mytask/test.jsonl:1',
    });
  });
});
