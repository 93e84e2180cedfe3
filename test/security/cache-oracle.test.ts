// The attack: student A submits program P, so grading has asked the model P's prompt on every
// hidden input. Then A and another student B run P in the playground (and the same prompts on the
// /v1 gateway) on each hidden input and on made-up inputs of the same shape. If grading's answers
// were reused there, hidden inputs would come back as cache hits (free, instant): an oracle for
// "is this a hidden test input?". Grading and each student's own calls have separate cache scopes,
// and a student's copy of a report carries no usage or timing, so the answers must not differ.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, parseSse, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
const hiddenReviews = task.test.map((c) => c.inputs.review!);
/** A guess of the same shape (same words, same token count) that is not a case of the task. */
const madeUp = (review: string) => (review.endsWith('.') ? `${review.slice(0, -1)}!` : `${review}!`);
const knownReviews = new Set([...task.dev, ...task.test].map((c) => c.inputs.review!));

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;

beforeAll(async () => {
  // The same answer whatever the input, so any difference between two answers could only come from the sandbox.
  fake = await startFakeOpenAIServer({ apiKey: 'k-oracle', respond: () => 'positive' });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-oracle' });
});

afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

/** A playground run's answer without what is specific to the run (timing) or to the input (the prompt). */
async function playgroundAnswer(person: Person, review: string) {
  const response = await request(sandbox.app)
    .post('/api/run')
    .set(person.auth)
    .send({ taskId: 'sentiment', program: chatProgram, case: { inputs: { review } } });
  expect(response.status).toBe(200);
  const events = parseSse(response.text);
  const done = events.at(-1)!;
  expect(done.event).toBe('done');
  const { latencyMs, prompt, ...rest } = done.data;
  expect(typeof latencyMs).toBe('number');
  expect(JSON.stringify(prompt)).toContain(review);
  return { events: events.map((e) => e.event), ...rest };
}

/** The same prompt the grader sent, asked on the OpenAI-compatible gateway. */
async function gatewayAnswer(person: Person, review: string) {
  const rendered = await request(sandbox.app)
    .post('/api/render')
    .set(person.auth)
    .send({ taskId: 'sentiment', program: chatProgram, case: { inputs: { review } } })
    .expect(200);
  const body = { model: 'gpt-4o-mini', messages: rendered.body.prompt.messages, temperature: 0, max_tokens: 5 };
  const response = await request(sandbox.app).post('/v1/chat/completions').set(person.auth).send(body);
  expect(response.status).toBe(200);
  const { id, created, ...rest } = response.body;
  expect(id).toMatch(/^chatcmpl-/);
  expect(typeof created).toBe('number');
  return rest;
}

describe('no cache oracle on hidden inputs', () => {
  it('after a submission, playground and gateway answers on hidden inputs look exactly like those on made-up ones, for the submitter and for another student', async () => {
    for (const review of hiddenReviews) expect(knownReviews.has(madeUp(review))).toBe(false);
    const a = sandbox.student('Ann Submitter');
    const b = sandbox.student('Ben Other');
    const submitted = await request(sandbox.app).post('/api/submissions').set(a.auth).send({ taskId: 'sentiment', program: chatProgram }).expect(202);
    await sandbox.services.queue.idle();
    expect((await sandbox.services.submissions.get(submitted.body.submission.id))!.status).toBe('graded');

    for (const person of [a, b]) {
      for (const review of hiddenReviews) {
        const callsBefore = fake.stats().byPath['/v1/chat/completions'] ?? 0;
        const hidden = await playgroundAnswer(person, review);
        const guess = await playgroundAnswer(person, madeUp(review));
        expect(hidden).toEqual(guess);
        // Neither was answered from grading's cache: both reached the model (and were charged).
        expect(hidden.cacheHit).toBe(false);
        expect(fake.stats().byPath['/v1/chat/completions']).toBe(callsBefore + 2);
        expect(await gatewayAnswer(person, review)).toEqual(await gatewayAnswer(person, madeUp(review)));
      }
      // Their own usage counts every run alike: nothing was free because grading had asked it.
      const usage = await request(sandbox.app).get('/api/usage').query({ taskId: 'sentiment' }).set(person.auth).expect(200);
      expect(usage.body.requestsUsed).toBe(hiddenReviews.length * 4);
    }
  });

  it("a student's copy of a report says nothing about cache hits: B's report of the same program equals A's", async () => {
    const a = sandbox.student('Ann Again');
    const b = sandbox.student('Ben Again');
    const program = { ...chatProgram, instruction: 'Is this review positive or negative?' };
    const first = (await request(sandbox.app).post('/api/submissions').set(a.auth).send({ taskId: 'sentiment', program }).expect(202)).body.submission
      .id as string;
    await sandbox.services.queue.idle();
    const callsBefore = fake.stats().byPath['/v1/chat/completions'] ?? 0;
    // Graded from the cache: the same program's answers are reused, so a re-submission is free.
    const second = (await request(sandbox.app).post('/api/submissions').set(b.auth).send({ taskId: 'sentiment', program }).expect(202)).body.submission
      .id as string;
    await sandbox.services.queue.idle();
    expect(fake.stats().byPath['/v1/chat/completions']).toBe(callsBefore);
    expect((await sandbox.services.submissions.get(second))!.report!.usage).toMatchObject({ modelCalls: 0, cacheHits: task.dev.length + task.test.length });

    const reportOf = async (person: Person, id: string) => {
      const body = (await request(sandbox.app).get(`/api/submissions/${id}`).set(person.auth).expect(200)).body;
      expect(body.report).not.toHaveProperty('usage');
      expect(body.report).not.toHaveProperty('durationMs');
      expect(body.report).not.toHaveProperty('startedAt');
      const { submissionId, ...report } = body.report;
      expect(submissionId).toBe(id);
      return report;
    };
    expect(await reportOf(b, second)).toEqual(await reportOf(a, first));
    // Staff still see the usage of grading.
    const staff = sandbox.staff();
    const full = (await request(sandbox.app).get(`/api/staff/submissions/${second}`).set(staff.auth).expect(200)).body.report;
    expect(full.usage.cacheHits).toBe(task.dev.length + task.test.length);
  });

  it('a different program never gets answers cached for another one in grading', async () => {
    const a = sandbox.student('Ann Third');
    const program = { ...chatProgram, instruction: 'Positive or negative: what is the review?' };
    await request(sandbox.app).post('/api/submissions').set(a.auth).send({ taskId: 'sentiment', program }).expect(202);
    await sandbox.services.queue.idle();
    const callsBefore = fake.stats().byPath['/v1/chat/completions'] ?? 0;
    // Another program that sends exactly the same requests (only how the answer is read differs):
    // were its cases answered from the first one's, hits would compare two programs' prompts on hidden inputs.
    const sameRequests = { ...program, answer: { mode: 'generate', extract: '(\\w+)', labels: program.answer.labels } };
    const id = (await request(sandbox.app).post('/api/submissions').set(a.auth).send({ taskId: 'sentiment', program: sameRequests }).expect(202)).body
      .submission.id as string;
    await sandbox.services.queue.idle();
    expect((await sandbox.services.submissions.get(id))!.report!.usage.cacheHits).toBe(0);
    expect(fake.stats().byPath['/v1/chat/completions']).toBe(callsBefore + task.dev.length + task.test.length);
  });
});
