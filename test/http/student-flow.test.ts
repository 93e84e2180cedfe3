// A full student flow over HTTP, every response body collected: render, run, run-dev, submit,
// follow the grading, read the report and the history. The model echoes each review back after
// its label, so a hidden review *would* reach a student through any report that kept hidden cases:
// the test checks that none does (and that the staff copy does, which proves the check can fail).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { FakeModelRequest } from '../../testkit/fake-openai-server/index.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, parseSse, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { lastReview, loadFixtureTask } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
const wrongOn = new Set(['The battery lasts two full days and the screen is gorgeous.', 'It stopped charging after a week. Waste of money.']);
const labels = new Map([...task.dev, ...task.test].map((c) => [c.inputs.review!, String(c.expected)]));

/** "<label> | <the review>": right except on `wrongOn`, and the review is echoed. */
function echoingOracle(request: FakeModelRequest): string {
  const review = lastReview(request);
  const label = labels.get(review) ?? 'unknown';
  const answer = wrongOn.has(review) ? (label === 'positive' ? 'negative' : 'positive') : label;
  return `${answer} | ${review}`;
}

const program = {
  kind: 'text',
  task: 'sentiment',
  model: 'gpt-4o-mini',
  style: 'chat',
  instruction: 'Classify the sentiment of the review as positive or negative.',
  examples: [{ input: 'Setup took five minutes and it just works.', output: 'positive' }],
  template: { input: 'Review: {input}', output: '{output}' },
  decoding: { temperature: 0, maxTokens: 16 },
  answer: { labels: { positive: ['positive'], negative: ['negative'] } },
};

/** Fragments of hidden data that must never reach a student: every test review (its first 24 characters) and test case id. */
const devText = JSON.stringify(task.dev);
const hiddenFragments = task.test.flatMap((c) => [c.inputs.review!.slice(0, 24), `"${c.id}"`]).filter((fragment) => !devText.includes(fragment));

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let student: Person;
const bodies: { what: string; text: string }[] = [];

async function call(what: string, method: 'get' | 'post' | 'put', path: string, body?: unknown) {
  let pending = request(sandbox.app)[method](path).set(student.auth);
  if (body !== undefined) pending = pending.send(body as object);
  const response = await pending;
  bodies.push({ what, text: response.text });
  return response;
}

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-flow', respond: echoingOracle });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-flow' });
  student = sandbox.student('Flow Student');
});
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

describe('a student flow', () => {
  it('browses tasks, autosaves a draft, renders, runs, runs the dev split, submits and reads the report', async () => {
    expect(hiddenFragments.length).toBeGreaterThan(40);
    expect((await call('tasks', 'get', '/api/tasks')).status).toBe(200);
    const taskResponse = await call('task', 'get', '/api/tasks/sentiment');
    expect(taskResponse.body.task.testCount).toBe(32);
    expect(taskResponse.body.task.dev).toHaveLength(22);
    expect(
      (await call('assignments', 'get', '/api/assignments')).body.assignments.flatMap((a: { tasks: { taskId: string }[] }) => a.tasks.map((t) => t.taskId)),
    ).toContain('sentiment');
    expect((await call('models', 'get', '/api/models')).body.models.length).toBeGreaterThan(0);

    expect((await call('draft put', 'put', '/api/drafts/sentiment', { program: { ...program, instruction: 'draft' } })).status).toBe(200);
    expect((await call('draft get', 'get', '/api/drafts/sentiment')).body.draft.program.instruction).toBe('draft');

    const render = await call('render', 'post', '/api/render', { taskId: 'sentiment', program, case: { caseId: 'dev-002' } });
    expect(render.status).toBe(200);
    expect(render.body.problems).toEqual([]);
    expect(render.body.prompt.messages.at(-1)).toEqual({ role: 'user', content: `Review: ${task.dev[1]!.inputs.review}` });
    expect(render.body.promptTokens).toBeGreaterThan(10);

    const run = await call('run', 'post', '/api/run', { taskId: 'sentiment', program, case: { caseId: 'dev-005' } });
    expect(run.status).toBe(200);
    expect(run.headers['content-type']).toMatch(/text\/event-stream/);
    const runEvents = parseSse(run.text);
    const streamed = runEvents
      .filter((e) => e.event === 'delta')
      .map((e) => e.data.text)
      .join('');
    const done = runEvents.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data.rawOutput).toBe(streamed);
    expect(done.data).toMatchObject({ output: String(task.dev[4]!.expected), predicted: String(task.dev[4]!.expected), cacheHit: false });
    expect(done.data.usage.completionTokens).toBeGreaterThan(0);

    const own = await call('run own input', 'post', '/api/run', { taskId: 'sentiment', program, case: { inputs: { review: 'Lovely, simply lovely.' } } });
    expect(parseSse(own.text).at(-1)!.data.rawOutput).toBe('unknown | Lovely, simply lovely.');

    const dev = await call('run-dev', 'post', '/api/run-dev', { taskId: 'sentiment', program });
    const devEvents = parseSse(dev.text);
    expect(devEvents.filter((e) => e.event === 'progress').at(-1)!.data).toEqual({ done: 22, total: 22, errored: 0 });
    const devReport = devEvents.at(-1)!.data.report;
    expect(devReport.split).toBe('dev');
    expect(devReport.cases).toHaveLength(22);
    expect(devReport.counts).toEqual({ total: 22, errored: 0, correct: 20 });

    const submit = await call('submit', 'post', '/api/submissions', { taskId: 'sentiment', program });
    expect(submit.status).toBe(202);
    expect(submit.body.remainingToday).toBe(9);
    const id = submit.body.submission.id as string;
    expect(submit.body.submission).toMatchObject({ status: 'queued', taskVersion: '1', model: 'gpt-4o-mini', points: null, maxPoints: 10 });

    const events = parseSse((await call('events', 'get', `/api/submissions/${id}/events`)).text);
    expect(events.at(-1)!.event).toBe('graded');
    expect(events.at(-1)!.data.submission).toMatchObject({ id, status: 'graded', points: 10, metric: 1 });

    const detail = await call('detail', 'get', `/api/submissions/${id}`);
    expect(detail.body.submission.status).toBe('graded');
    expect(detail.body.report.split).toBe('test');
    // Dev cases in detail; hidden ones only as aggregates.
    expect(detail.body.report.cases.map((c: { caseId: string; hidden: boolean }) => [c.caseId, c.hidden])).toEqual(task.dev.map((c) => [c.id, false]));
    expect(detail.body.report.counts).toEqual({ total: 32, errored: 0, correct: 32 });
    expect(detail.body.report.evaluators[0]).toMatchObject({ passed: 32, scored: 32 });
    expect(detail.body.report.confusion.matrix).toEqual([
      [16, 0, 0],
      [0, 16, 0],
    ]);

    const history = await call('history', 'get', '/api/submissions?taskId=sentiment');
    expect(history.body.submissions.map((s: { id: string }) => s.id)).toEqual([id]);
    const usage = await call('usage', 'get', '/api/usage?taskId=sentiment');
    // Playground calls count (1 run + 1 own run + 21 dev: dev-005 came from the cache); the autograder's do not.
    expect(usage.body.requestsUsed).toBe(23);
    expect(usage.body.tokensUsed).toBeGreaterThan(0);
    expect((await call('assignments after', 'get', '/api/assignments')).body.assignments[0].tasks[1]).toMatchObject({ bestPoints: 10, submissionsToday: 1 });

    const probe = await call('probe a test case', 'post', '/api/run', { taskId: 'sentiment', program, case: { caseId: 'test-001' } });
    expect(probe.status).toBe(404);
    expect(probe.body.error.message).toBe('task sentiment has no dev case "test-001"');
    const unknown = await call('probe an unknown case', 'post', '/api/run', { taskId: 'sentiment', program, case: { caseId: 'nope-001' } });
    expect(unknown.body.error.message).toBe('task sentiment has no dev case "nope-001"');

    // The staff copy has the hidden cases, with the echoed reviews: the fragments are detectable.
    const staff = sandbox.staff();
    const staffDetail = await request(sandbox.app).get(`/api/staff/submissions/${id}`).set(staff.auth);
    // Staff see everything: the dev cases and the 32 hidden ones.
    expect(staffDetail.body.report.cases).toHaveLength(22 + 32);
    expect(hiddenFragments.filter((fragment) => staffDetail.text.includes(fragment)).length).toBeGreaterThan(40);
  });

  it('no response a student received, and no log line, contains hidden test data', () => {
    expect(bodies.length).toBeGreaterThan(15);
    for (const { what, text } of bodies) {
      const leaked = hiddenFragments.filter((fragment) => text.includes(fragment));
      expect(leaked, `${what} leaked hidden data`).toEqual([]);
    }
    const logs = sandbox.logs.join('\n');
    expect(hiddenFragments.filter((fragment) => logs.includes(fragment))).toEqual([]);
    expect(logs).not.toContain(student.token);
  });
});
