// The roles as real processes on one SQLite file: one `sandbox serve --role web` and two
// `sandbox worker`s, models behind the fake OpenAI server. Several submissions from several students;
// one worker is SIGKILLed while it grades: every submission is graded exactly once (one grade
// written, the daily count unchanged), the killed worker's submission finished by the other worker
// after its lease expired (a short lease), and a student's progress stream on the web process,
// which grades nothing, sees progress and the grade of a grading done by a worker process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentials } from '../../server/accounts/credentials.js';
import { createUsers } from '../../server/accounts/users.js';
import { openDatabase, type SqliteDatabase } from '../../server/storage/open-database.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { parseSse } from '../../testkit/sandbox-app.js';
import { createSandboxProcesses, type SandboxProcess } from '../../testkit/sandbox-processes.js';
import { chatProgram, fixtureTasksDir, loadFixtureTask, modelsYamlFor, sentimentOracle } from '../../testkit/sentiment-fixture.js';
import { waitFor } from '../support/wait-for.js';

const task = loadFixtureTask('sentiment');
let fake: FakeOpenAIServer;
let tmp: string;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-roles', respond: sentimentOracle(task, new Set()) });
  // Slow enough that a grading (54 calls, one at a time) is caught mid-way.
  fake.setLatencyMs(40);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-roles-'));
  fs.writeFileSync(path.join(tmp, 'models.yaml'), modelsYamlFor(fake.url));
});
afterAll(async () => {
  processes.killAll();
  await fake.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const processes = createSandboxProcesses();

function start(args: string[]): Promise<SandboxProcess> {
  return processes.start(args, {
    HOME: tmp,
    PORT: '0',
    SANDBOX_DATA_DIR: path.join(tmp, 'data'),
    SANDBOX_MODELS_CONFIG: path.join(tmp, 'models.yaml'),
    SANDBOX_TASKS_DIR: fixtureTasksDir,
    FAKE_OPENAI_KEY: 'k-roles',
    SANDBOX_GRADING_WORKERS: '1',
    SANDBOX_CONCURRENCY: '1',
    SANDBOX_GRADING_LEASE_MS: '1500',
    SANDBOX_INFERENCE_POOL: '0',
  });
}

type Row = {
  id: string;
  user_id: string;
  status: string;
  attempts: number;
  grade_count: number;
  points: number | null;
  lease_owner: string | null;
  progress_done: number | null;
};

describe('serve --role web with two worker processes on one SQLite file', () => {
  it('grades every submission exactly once although a worker is killed mid-grade, and streams progress through the web process', async () => {
    const web = await start(['serve', '--role', 'web']);
    const { base } = web;
    await waitFor(() => web.output().includes('role web: not grading'), 'the role line');

    // Students and tokens written straight into the shared database (the web process migrated it).
    const db: SqliteDatabase = openDatabase(path.join(tmp, 'data', 'sandbox.db'));
    // The synchronous SQLite stores, on this test's own connection (as another process would write).
    const clock = { now: () => Date.now() };
    const accounts = { users: createUsers(db, clock), credentials: createCredentials(db, clock, { sessionDays: 14 }) };
    const tokens = [1, 2, 3].map((n) => {
      const user = accounts.users.create({ email: `s${n}@example.edu`, name: `Student ${n}`, role: 'student', section: null });
      return { userId: user.id, token: accounts.credentials.issueToken(user.id) };
    });

    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const who = tokens[i % 3]!;
      const program = { ...chatProgram, instruction: `${chatProgram.instruction} (variant ${i})` };
      const response = await fetch(`${base}/api/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ taskId: 'sentiment', program }),
      });
      expect(response.status).toBe(202);
      ids.push(((await response.json()) as { submission: { id: string } }).submission.id);
    }
    // Nobody grades yet: the web process only queues.
    const rows = () => db.prepare('SELECT id, user_id, status, attempts, grade_count, points, lease_owner, progress_done FROM submissions').all() as Row[];
    expect(rows().every((row) => row.status === 'queued')).toBe(true);

    // The first student's stream of the first submission, on the web process.
    const watched = ids[0]!;
    const streamed = fetch(`${base}/api/submissions/${watched}/events`, { headers: { authorization: `Bearer ${tokens[0]!.token}` } }).then((r) => r.text());

    const workers = await Promise.all([start(['worker']), start(['worker'])]);
    // Kill the worker holding a submission that is half graded.
    await waitFor(() => rows().some((row) => row.status === 'grading' && (row.progress_done ?? 0) >= 4 && row.id !== watched), 'a grading under way', 30_000);
    const victimRow = rows().find((row) => row.status === 'grading' && (row.progress_done ?? 0) >= 4 && row.id !== watched)!;
    const victim = workers.find((w) => victimRow.lease_owner?.includes(`:${w.child.pid}:`))!;
    expect(victim).toBeDefined();
    await processes.stop(victim, 'SIGKILL');
    const survivor = workers.find((w) => w !== victim)!;

    await waitFor(() => rows().every((row) => row.status === 'graded'), `every submission graded (${JSON.stringify(rows())})`, 90_000);
    const final = rows();
    expect(final).toHaveLength(6);
    for (const row of final) expect(row).toMatchObject({ status: 'graded', grade_count: 1, points: 10 });
    // The killed worker's submission: a second attempt, by the survivor, after its lease expired.
    const taken = final.find((row) => row.id === victimRow.id)!;
    expect(taken.attempts).toBe(2);
    expect(survivor.output()).toMatch(/took back 1 submission/);
    // Each student submitted twice today; nothing was counted twice.
    for (const who of tokens) {
      const count = db.prepare('SELECT COUNT(*) FROM submissions WHERE user_id = ?').pluck().get(who.userId);
      expect(count).toBe(2);
    }
    // The grader's calls are logged, never charged to a student's budget.
    const charged = db.prepare("SELECT COALESCE(SUM(charged), 0) FROM model_calls WHERE source = 'submission'").pluck().get();
    expect(charged).toBe(0);

    const events = parseSse(await streamed);
    expect(events.filter((e) => e.event === 'progress').some((e) => (e.data as { done: number }).done > 0)).toBe(true);
    expect(events.filter((e) => e.event === 'graded')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ event: 'graded', data: { submission: { id: watched, status: 'graded' } } });

    db.close();
    // An idle worker keeps running (it waits for more work) and stops cleanly on SIGTERM.
    expect(survivor.child.exitCode).toBeNull();
    expect(await processes.stop(survivor)).toBe(0);
    await processes.stop(web);
  }, 150_000);
});
