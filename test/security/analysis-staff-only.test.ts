// The attack: a student asks the staff analysis routes for what they hold: hidden cases with their
// expected answers and data lines (item analysis), classmates' names and programs (similarity and
// its pair view), or starts the background jobs (grading the reference, comparing everyone's
// prompts). Every route must refuse with 403 before doing anything, and no refusal may carry a
// hidden input, an expected answer, a classmate's name or a program's text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, sentimentOracle } from '../../testkit/sentiment-fixture.js';
import { analysisTasksDir, loadAnalysisTask } from '../support/analysis-tasks.js';

const tasksDir = analysisTasksDir();
const task = loadAnalysisTask(tasksDir, 'sentiment');
const SECRET_INSTRUCTION = 'Victim-only instruction 9c1e: read each review and answer with its sentiment.';

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let staff: Person;
let attacker: Person;
let victim: Person;
let victimSubmission: string;
let attackerSubmission: string;
let jobId: string;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-analysis-attack', respond: sentimentOracle(task, new Set()) });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-analysis-attack', tasksDir });
  staff = sandbox.staff();
  attacker = sandbox.student('Mallory Attacker');
  victim = sandbox.student('Victor Victim');
  const submit = async (person: Person, instruction: string) =>
    (
      await request(sandbox.app)
        .post('/api/submissions')
        .set(person.auth)
        .send({ taskId: 'sentiment', program: { ...chatProgram, instruction } })
        .expect(202)
    ).body.submission.id as string;
  victimSubmission = await submit(victim, SECRET_INSTRUCTION);
  attackerSubmission = await submit(attacker, 'Classify the sentiment of the review as positive or negative.');
  await sandbox.services.queue.idle();
  jobId = (await request(sandbox.app).post('/api/staff/tasks/sentiment/similarity').set(staff.auth).send({}).expect(202)).body.job.id;
  await sandbox.services.analysisJobs.idle();
});
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

describe('a student cannot reach item analysis or prompt similarity', () => {
  const attempts = (): { method: 'get' | 'post'; path: string; body?: object }[] => [
    { method: 'get', path: '/api/staff/tasks/sentiment/item-analysis' },
    { method: 'get', path: '/api/staff/tasks/sentiment/item-analysis.csv' },
    { method: 'post', path: '/api/staff/tasks/sentiment/reference' },
    { method: 'post', path: '/api/staff/tasks/sentiment/similarity', body: { threshold: 0.05 } },
    { method: 'get', path: '/api/staff/tasks/sentiment/similarity' },
    { method: 'get', path: `/api/staff/tasks/sentiment/similarity/pair?a=${attackerSubmission}&b=${victimSubmission}` },
    { method: 'get', path: `/api/staff/analysis-jobs/${jobId}` },
  ];
  const secrets = () => [
    ...task.test.flatMap((c) => [c.inputs.review!, c.id]),
    'test.jsonl',
    victim.user.name,
    victim.user.email,
    victimSubmission,
    SECRET_INSTRUCTION.slice(0, 30),
  ];

  it('every analysis route answers 403 (JSON), with none of the hidden cases, the classmate or their program in it', async () => {
    for (const attempt of attempts()) {
      let pending = request(sandbox.app)[attempt.method](attempt.path).set(attacker.auth);
      if (attempt.body) pending = pending.send(attempt.body);
      const response = await pending;
      expect(response.status, `${attempt.method} ${attempt.path}`).toBe(403);
      expect(response.headers['content-type']).toContain('json');
      for (const secret of secrets()) expect(response.text, `${attempt.path} leaked ${secret}`).not.toContain(secret);
    }
  });

  it('the refused POSTs started nothing: only the staff job exists', async () => {
    await sandbox.services.analysisJobs.idle();
    const jobs = sandbox.db.prepare('SELECT id, kind FROM analysis_jobs').all();
    expect(jobs).toEqual([{ id: jobId, kind: 'similarity' }]);
  });

  it("the student's own report and submissions list say nothing of the similarity check", async () => {
    for (const path of [`/api/submissions/${attackerSubmission}`, '/api/submissions']) {
      const response = await request(sandbox.app).get(path).set(attacker.auth).expect(200);
      expect(response.text).not.toContain(jobId);
      expect(response.text).not.toMatch(/similar|jaccard/i);
    }
  });
});
