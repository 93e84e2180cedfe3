// A web process's progress feed reads the gradings other processes run from the database: each
// progress value is heard once, the end once, and an in-process event seen first is not repeated
// by the poll (mergeSubmissionEvents). Two connections to one SQLite file; polls are called directly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAsyncPort } from '../../server/core/async-port.js';
import type { GradeReport } from '../../server/core/grade-report.js';
import { openDatabase } from '../../server/storage/open-database.js';
import { createGradingLeases } from '../../server/submissions/grading-leases.js';
import { createPolledSubmissionEvents } from '../../server/submissions/polled-submission-events.js';
import { type SubmissionEvent, createLocalSubmissionEvents, mergeSubmissionEvents } from '../../server/submissions/submission-events.js';
import { createSubmissionStore } from '../../server/submissions/submission-store.js';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-polled-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('progress across processes by polling', () => {
  it('turns another process’s progress and grade into events, each once', async () => {
    const file = path.join(tmp, 'polled.db');
    const clock = { now: () => Date.now() };
    const workerDb = openDatabase(file);
    workerDb.prepare("INSERT INTO users (id, email, name, role, created_at) VALUES ('u_1', 'a@x.edu', 'A', 'student', '2026-01-01')").run();
    const webDb = openDatabase(file);
    const workerStore = createSubmissionStore(workerDb, clock);
    const workerLeases = createGradingLeases(workerDb, clock, 'worker-host:1');
    const webStore = createSubmissionStore(webDb, clock);
    const feed = createPolledSubmissionEvents({
      leases: toAsyncPort(createGradingLeases(webDb, clock)),
      get: async (id) => webStore.get(id),
      pollMs: 3_600_000,
      log: () => {},
    });
    const local = createLocalSubmissionEvents();
    const merged = mergeSubmissionEvents(local, feed);

    const id = workerStore.create({ userId: 'u_1', taskId: 'sentiment', taskVersion: '1', program: {}, model: 'm', maxPoints: 10 }, null).submission.id;
    const heard: SubmissionEvent[] = [];
    const off = merged.subscribe(id, (event) => heard.push(event));
    await feed.poll();
    expect(heard).toEqual([]);

    const { claimed } = workerLeases.claimNext({ leaseMs: 60_000, maxAttempts: 3 });
    expect(claimed?.id).toBe(id);
    workerLeases.setProgress(id, claimed!.lease, { done: 3, total: 54, errored: 0 });
    await feed.poll();
    await feed.poll();
    expect(heard).toEqual([{ type: 'progress', progress: { done: 3, total: 54, errored: 0 } }]);
    expect(await merged.progress(id)).toEqual({ done: 3, total: 54, errored: 0 });
    // The same value from this process's own queue is not repeated.
    local.emit(id, { type: 'progress', progress: { done: 3, total: 54, errored: 0 } });
    expect(heard).toHaveLength(1);

    const report = { counts: { total: 1, errored: 0, correct: 1 }, points: 10, metric: 1, cases: [] } as unknown as GradeReport;
    expect(workerStore.complete(id, claimed!.lease, report)).toBe(true);
    await feed.poll();
    await feed.poll();
    expect(heard).toHaveLength(2);
    expect(heard[1]).toMatchObject({ type: 'finished', submission: { id, status: 'graded', points: 10 } });
    local.emit(id, { type: 'finished', submission: webStore.get(id)! });
    expect(heard).toHaveLength(2);
    off();
    feed.close();
    workerDb.close();
    webDb.close();
  });
});
