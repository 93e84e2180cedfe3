// Submissions: the daily limit with a clear message (reset at 00:00 UTC, staff exempt, failures not
// counted), programs refused before they use a submission, grading failures, re-grades, progress.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, parseSse, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
let fake: FakeOpenAIServer;
const open: TestSandbox[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-sub', respond: sentimentOracle(task, new Set()) });
});
afterEach(async () => {
  fake.faults.clear();
  for (const sandbox of open.splice(0)) await sandbox.stop();
});
afterAll(async () => {
  await fake.close();
});

async function sandboxAt(clock?: { now: () => number }) {
  const sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-sub', ...(clock ? { clock } : {}) });
  open.push(sandbox);
  return sandbox;
}

const submit = (sandbox: TestSandbox, auth: Record<string, string>, program: object = chatProgram) =>
  request(sandbox.app).post('/api/submissions').set(auth).send({ taskId: 'sentiment', program });

describe('daily submission limit', () => {
  it('allows perDay submissions a day, says when the next one is possible, resets at 00:00 UTC', async () => {
    let now = Date.parse('2026-03-02T21:30:00Z');
    const sandbox = await sandboxAt({ now: () => now });
    const student = sandbox.student();
    for (let i = 0; i < 10; i++) {
      const response = await submit(sandbox, student.auth).expect(202);
      expect(response.body.remainingToday).toBe(9 - i);
    }
    const refused = await submit(sandbox, student.auth);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('submission_limit');
    expect(refused.body.error.message).toBe(
      'you have used all 10 submissions for "Sentiment of short reviews" today; the next one is possible at 00:00 UTC (in 2 h 30 min). Keep trying your program on the dev cases meanwhile.',
    );
    expect(refused.body.error.details).toMatchObject({ perDay: 10, usedToday: 10, resetsAt: '2026-03-03T00:00:00.000Z' });
    // Staff are not limited; another student has their own count.
    const staff = sandbox.staff();
    await submit(sandbox, staff.auth).expect(202);
    await submit(sandbox, sandbox.student().auth).expect(202);
    now = Date.parse('2026-03-03T00:00:01Z');
    expect((await submit(sandbox, student.auth).expect(202)).body.remainingToday).toBe(9);
    await sandbox.services.queue.idle();
  });

  it('refuses an invalid program or one over the token limit before it uses a submission', async () => {
    const sandbox = await sandboxAt();
    const student = sandbox.student();
    const wrongModel = await submit(sandbox, student.auth, { ...chatProgram, model: 'babbage-003' });
    expect(wrongModel.status).toBe(422);
    expect(wrongModel.body.error.details.problems[0]).toMatch(/model "babbage-003" is not allowed on this task/);
    const long = await submit(sandbox, student.auth, { ...chatProgram, instruction: 'word '.repeat(1200) });
    expect(long.status).toBe(422);
    // Measured on the dev inputs only: the message says nothing about hidden cases.
    expect(long.body.error.message).toMatch(/^your prompt is too long: with the longest dev input it has \d+ tokens; this task allows at most 1024\./);
    const malformed = await submit(sandbox, student.auth, { kind: 'text', model: 'gpt-4o-mini', decoding: { temperature: 'hot' } });
    // An invalid program is unprocessable (422) with its place, as on the run endpoints.
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.message).toMatch(/^decoding\.temperature: /);
    expect(await sandbox.services.submissions.countToday(student.user.id, 'sentiment')).toBe(0);
  });
});

describe('grading', () => {
  it('streams progress, then graded; a re-grade by staff grades again', async () => {
    const sandbox = await sandboxAt();
    const student = sandbox.student();
    const id = (await submit(sandbox, student.auth).expect(202)).body.submission.id;
    const events = parseSse((await request(sandbox.app).get(`/api/submissions/${id}/events`).set(student.auth)).text);
    expect(events[0]!.event).toBe('progress');
    expect(events.at(-1)).toMatchObject({ event: 'graded', data: { submission: { id, status: 'graded', points: 10 } } });
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data);
    expect(progress.every((p) => Object.keys(p).sort().join() === 'done,errored,total')).toBe(true);
    // Afterwards the stream answers at once with the final state.
    expect(parseSse((await request(sandbox.app).get(`/api/submissions/${id}/events`).set(student.auth)).text)).toEqual([events.at(-1)]);

    const staff = sandbox.staff();
    const regrade = await request(sandbox.app).post(`/api/staff/submissions/${id}/regrade`).set(staff.auth);
    expect(regrade.status).toBe(202);
    expect(regrade.body.submission.status).toBe('queued');
    const again = await request(sandbox.app).post(`/api/staff/submissions/${id}/regrade`).set(staff.auth);
    expect([202, 409]).toContain(again.status);
    await sandbox.services.queue.idle();
    const stored = (await sandbox.services.submissions.get(id))!;
    expect(stored.status).toBe('graded');
    expect(stored.gradeCount).toBeGreaterThanOrEqual(2);
    const grades = await request(sandbox.app).get('/api/staff/grades.csv').set(staff.auth);
    expect(grades.headers['content-type']).toMatch(/text\/csv/);
    const lines = grades.text.trim().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['email', 'name', 'section']);
    expect(header.at(-1)).toBe('total');
    const row = lines.find((line) => line.startsWith(student.user.email))!.split(',');
    expect(row.slice(0, 3)).toEqual([student.user.email, 'Ada Student', 'A']);
    expect(row[header.indexOf('sentiment (10)')]).toBe('10');
    expect(row.at(-1)).toBe('10');
  });

  it('a submission whose every case failed is "failed", says why, and does not count', async () => {
    const sandbox = await sandboxAt();
    const student = sandbox.student();
    fake.faults.queue({ kind: 'status', status: 400, message: 'Injected bad request.' }, 200);
    const id = (await submit(sandbox, student.auth).expect(202)).body.submission.id;
    await sandbox.services.queue.idle();
    const detail = await request(sandbox.app).get(`/api/submissions/${id}`).set(student.auth);
    expect(detail.body.submission.status).toBe('failed');
    expect(detail.body.submission.error).toMatch(/the model could not be reached for any test case; this submission does not count/);
    expect(detail.body.report).toBeNull();
    expect(await sandbox.services.submissions.countToday(student.user.id, 'sentiment')).toBe(0);
  });
});
