// Bulk re-grade after staff fix a task: the fix (labels of eight hidden cases were wrong) is made in
// the task folder and the server restarted, as staff would; the re-grade runs in the background,
// its progress is polled, and the job lists every submission and student whose points changed,
// old -> new. A single re-grade keeps the result it replaced, for staff and for the student.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { carelessOracle, carelessProgram } from '../support/careless-oracle.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, fixtureTasksDir, loadFixtureTask } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
const mislabelled = task.test.slice(0, 8);
let fake: FakeOpenAIServer;
let tmp: string;
let tasksDir: string;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-regrade', respond: carelessOracle(task, new Set(mislabelled.map((c) => c.inputs.review!))) });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-regrade-'));
  tasksDir = path.join(tmp, 'tasks');
  fs.cpSync(fixtureTasksDir, tasksDir, { recursive: true });
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The staff fix: the eight labels the careless program disagreed with were the wrong ones. */
function flipLabels(dir: string) {
  const file = path.join(dir, 'sentiment', 'test.jsonl');
  const flip = new Set(mislabelled.map((c) => c.id));
  const lines = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; label: string });
  fs.writeFileSync(
    file,
    lines.map((line) => JSON.stringify(flip.has(line.id) ? { ...line, label: line.label === 'positive' ? 'negative' : 'positive' } : line)).join('\n') + '\n',
  );
}

describe('bulk re-grade of a task', () => {
  let sandbox: TestSandbox;
  let ann: Person;
  let bob: Person;
  let staff: Person;
  const before: Record<string, number> = {};
  let annId = '';
  let bobId = '';

  it('grades two students differently before the fix', async () => {
    sandbox = await createTestSandbox({ dir: tmp, tasksDir, baseURL: fake.url, apiKey: 'k-regrade' });
    ann = sandbox.student('Ann Alpha');
    bob = sandbox.student('Bob Beta');
    staff = sandbox.staff();
    annId = (await request(sandbox.app).post('/api/submissions').set(ann.auth).send({ taskId: 'sentiment', program: chatProgram }).expect(202)).body.submission
      .id;
    bobId = (await request(sandbox.app).post('/api/submissions').set(bob.auth).send({ taskId: 'sentiment', program: carelessProgram }).expect(202)).body
      .submission.id;
    await sandbox.services.queue.idle();
    for (const id of [annId, bobId])
      before[id] = (await request(sandbox.app).get(`/api/staff/submissions/${id}`).set(staff.auth).expect(200)).body.submission.points;
    expect(before[annId]).toBe(10);
    expect(before[bobId]).toBeLessThan(10);
    await sandbox.stop();
  });

  it('after the fix and a restart, re-grades the task in the background and lists old -> new', async () => {
    flipLabels(tasksDir);
    sandbox = await createTestSandbox({ dir: tmp, tasksDir, baseURL: fake.url, apiKey: 'k-regrade' });
    const started = await request(sandbox.app).post('/api/staff/tasks/sentiment/regrade').set(staff.auth).expect(202);
    const job = started.body.job;
    expect(job).toMatchObject({ taskId: 'sentiment', total: 2, done: 0, finished: false, changes: [], requestedBy: 'Sam Staff' });

    // Poll as the staff page does, until the job says it is finished.
    let polled = job;
    for (let i = 0; i < 200 && !polled.finished; i++) {
      await sandbox.services.queue.idle();
      polled = (await request(sandbox.app).get(`/api/staff/regrade-jobs/${job.id}`).set(staff.auth).expect(200)).body.job;
    }
    expect(polled).toMatchObject({ total: 2, done: 2, failed: 0, finished: true });

    const after: Record<string, number> = {};
    for (const id of [annId, bobId])
      after[id] = (await request(sandbox.app).get(`/api/staff/submissions/${id}`).set(staff.auth).expect(200)).body.submission.points;
    expect(after[bobId]).toBe(10);
    expect(after[annId]).toBe(before[bobId]);
    expect(polled.changes).toEqual([
      {
        submissionId: annId,
        student: { id: ann.user.id, name: 'Ann Alpha', email: ann.user.email, section: 'A' },
        oldStatus: 'graded',
        oldPoints: 10,
        newStatus: 'graded',
        newPoints: after[annId],
      },
      {
        submissionId: bobId,
        student: expect.objectContaining({ id: bob.user.id, name: 'Bob Beta' }),
        oldStatus: 'graded',
        oldPoints: before[bobId],
        newStatus: 'graded',
        newPoints: 10,
      },
    ]);
    expect(polled.students).toEqual([
      { student: expect.objectContaining({ id: ann.user.id }), oldBest: 10, newBest: after[annId] },
      { student: expect.objectContaining({ id: bob.user.id }), oldBest: before[bobId], newBest: 10 },
    ]);
    // The student's own view follows the new points (best of the task on the home page).
    const home = (await request(sandbox.app).get('/api/assignments').set(bob.auth).expect(200)).body.assignments;
    expect(
      home.flatMap((a: { tasks: { taskId: string; bestPoints: number | null }[] }) => a.tasks).find((t: { taskId: string }) => t.taskId === 'sentiment')
        .bestPoints,
    ).toBe(10);

    // The job is listed for its task, and each submission remembers the re-grade.
    const jobs = (await request(sandbox.app).get('/api/staff/tasks/sentiment/regrade-jobs').set(staff.auth).expect(200)).body.jobs;
    expect(jobs.map((j: { id: string }) => j.id)).toEqual([job.id]);
    const mine = (await request(sandbox.app).get(`/api/submissions/${bobId}`).set(bob.auth).expect(200)).body.submission;
    expect(mine.regrade).toEqual({ at: expect.any(String), previousStatus: 'graded', previousPoints: before[bobId] });
    // Re-queued in the transaction that recorded the job (ISO times compare as strings).
    expect(mine.regrade.at >= job.createdAt).toBe(true);
  });

  it('a second bulk re-grade with nothing changed lists no changes', async () => {
    const job = (await request(sandbox.app).post('/api/staff/tasks/sentiment/regrade').set(staff.auth).expect(202)).body.job;
    await sandbox.services.queue.idle();
    const done = (await request(sandbox.app).get(`/api/staff/regrade-jobs/${job.id}`).set(staff.auth).expect(200)).body.job;
    expect(done).toMatchObject({ total: 2, done: 2, finished: true, changes: [], students: [] });
  });

  it('a single re-grade shows when it was regraded and the result it replaced', async () => {
    const regraded = await request(sandbox.app).post(`/api/staff/submissions/${annId}/regrade`).set(staff.auth).expect(202);
    expect(regraded.body.submission).toMatchObject({
      status: 'queued',
      points: null,
      regrade: { previousStatus: 'graded', previousPoints: expect.any(Number) },
    });
    await sandbox.services.queue.idle();
    const detail = (await request(sandbox.app).get(`/api/staff/submissions/${annId}`).set(staff.auth).expect(200)).body.submission;
    expect(detail.status).toBe('graded');
    expect(detail.regrade.at).toBe(regraded.body.submission.regrade.at);
    expect(detail.regrade.previousPoints).toBe(detail.points);
    // Unknown tasks and jobs are 404, a malformed id 400; students are refused.
    await request(sandbox.app).post('/api/staff/tasks/no-such-task/regrade').set(staff.auth).expect(404);
    await request(sandbox.app).post('/api/staff/tasks/Bad_Id/regrade').set(staff.auth).expect(400);
    await request(sandbox.app).get('/api/staff/regrade-jobs/rj_nothing').set(staff.auth).expect(404);
    await request(sandbox.app).post('/api/staff/tasks/sentiment/regrade').set(ann.auth).expect(403);
    await sandbox.stop();
  });
});
