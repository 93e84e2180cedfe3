// The submit use case without HTTP: what is refused never reaches the store or the queue, and what
// is accepted is stored (with the assignment's points and the model used) before it is queued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgramError } from '../../server/core/errors.js';
import { submitProgram, type SubmitDeps } from '../../server/submissions/submit-program.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
let fake: FakeOpenAIServer;
let sandbox: TestSandbox;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-use', respond: sentimentOracle(task, new Set()) });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-use' });
});
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

function recordingDeps() {
  const steps: string[] = [];
  const { services, appDeps } = sandbox;
  const deps: SubmitDeps = {
    catalog: appDeps.catalog,
    models: appDeps.models,
    deadlines: services.deadlines,
    submissions: {
      create: (submission, limit) => {
        steps.push('create');
        return services.submissions.create(submission, limit);
      },
      countToday: (userId, taskId) => services.submissions.countToday(userId, taskId),
    },
    queue: {
      enqueue: async (id) => {
        steps.push(`enqueue ${id}`);
      },
    },
  };
  return { deps, steps };
}

describe('submitProgram', () => {
  it('stores then queues an accepted program, with the model, the points and the day’s remaining count', async () => {
    const { deps, steps } = recordingDeps();
    const student = sandbox.student();
    const { submission, remainingToday } = await submitProgram(deps, student.user, 'sentiment', chatProgram);
    expect(steps).toEqual(['create', `enqueue ${submission.id}`]);
    expect(submission).toMatchObject({ userId: student.user.id, taskId: 'sentiment', model: chatProgram.model, status: 'queued' });
    expect(submission.maxPoints).toBeGreaterThan(0);
    expect(remainingToday).toBe(task.submissions.perDay - 1);
  });

  it('refuses a program with problems before it is stored or queued', async () => {
    const { deps, steps } = recordingDeps();
    const error = await submitProgram(deps, sandbox.student().user, 'sentiment', { ...chatProgram, examples: 'not a list' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(steps).toEqual([]);
  });

  it('refuses a prompt over the model’s token limit before it is stored, without naming a case', async () => {
    const { deps, steps } = recordingDeps();
    const long = { ...chatProgram, instructions: 'word '.repeat(200_000) };
    const error = await submitProgram(deps, sandbox.student().user, 'sentiment', long).catch((e: unknown) => e);
    expect(steps).toEqual([]);
    expect(error).toBeInstanceOf(ProgramError);
    const said = JSON.stringify((error as ProgramError).problems);
    for (const hidden of task.test) {
      expect(said).not.toContain(hidden.id);
      for (const value of Object.values(hidden.inputs)) expect(said).not.toContain(value);
    }
  });
});
