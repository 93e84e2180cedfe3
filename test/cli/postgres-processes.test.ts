// The deployment a large course grows into, as real processes on one real PostgreSQL server (a
// throwaway cluster): two `sandbox serve --role web` processes and two `sandbox worker`s with
// DATABASE_URL, the queue in pg-boss, models behind the fake OpenAI server. Written as attacks:
// - 30 submissions from 10 students, split over both web processes; one worker is SIGKILLed while it
//   grades: every submission is graded exactly once (one grade written), no student's daily count
//   or budget charged twice, the killed worker's job handed to the other one after its expiry.
// - A student's progress stream on web process A sees the grade of a submission made on B and
//   graded by a worker: no process that serves the stream grades anything.
// - 50 concurrent gateway requests from one student split over A and B against a nearly spent
//   budget never overspend it by more than one request's worth; then the student's token, revoked
//   by another process, is refused by both at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStores } from '../../server/storage/postgres/postgres-stores.js';
import type { Stores } from '../../server/storage/stores.js';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { type PostgresCluster, startPostgresCluster } from '../../testkit/postgres-cluster.js';
import { parseSse } from '../../testkit/sandbox-app.js';
import { createSandboxProcesses, type SandboxProcess } from '../../testkit/sandbox-processes.js';
import { chatProgram, fixtureTasksDir, loadFixtureTask, modelsYamlFor, sentimentOracle } from '../../testkit/sentiment-fixture.js';
import { expectWithinOneRequest, raceTheBudget } from '../support/budget-race.js';
import { waitFor } from '../support/wait-for.js';

const task = loadFixtureTask('sentiment');
const BUDGET = 100_000;
let fake: FakeOpenAIServer;
let cluster: PostgresCluster;
let url: string;
let tmp: string;
let stores: Stores;
let sql: pg.Pool;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  url = cluster.createDatabase('processes');
  fake = await startFakeOpenAIServer({ apiKey: 'k-pg', respond: sentimentOracle(task, new Set()) });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-pg-processes-'));
  fs.writeFileSync(path.join(tmp, 'models.yaml'), modelsYamlFor(fake.url));
  // This test's own connection, as staff tools or another process would write (migrates the schema).
  stores = await openPostgresStores(url, {
    clock: { now: () => Date.now() },
    quotas: { tokenBudget: BUDGET, requestBudget: 10_000, rateLimitPerMinute: 0, maxConcurrentRequests: 100 },
    sessionDays: 14,
  });
  sql = new pg.Pool({ connectionString: url, max: 2 });
}, 60_000);
afterAll(async () => {
  processes.killAll();
  await sql?.end();
  await stores?.close();
  await fake?.close();
  await cluster?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const processes = createSandboxProcesses();
type Proc = SandboxProcess;

function start(args: string[]): Promise<Proc> {
  return processes.start(args, {
    HOME: tmp,
    PORT: '0',
    DATABASE_URL: url,
    SANDBOX_DATA_DIR: path.join(tmp, 'data'),
    SANDBOX_MODELS_CONFIG: path.join(tmp, 'models.yaml'),
    SANDBOX_TASKS_DIR: fixtureTasksDir,
    FAKE_OPENAI_KEY: 'k-pg',
    SANDBOX_TOKEN_BUDGET: String(BUDGET),
    SANDBOX_MAX_CONCURRENT_REQUESTS: '3',
    SANDBOX_RATE_LIMIT_PER_MINUTE: '0',
    SANDBOX_GRADING_WORKERS: '1',
    SANDBOX_CONCURRENCY: '1',
    // pg-boss hands a dead worker's job out again after the time budget plus the grace, at its
    // next maintenance: seconds here, not the minutes of the defaults.
    SANDBOX_GRADING_TIME_BUDGET_MS: '20000',
    SANDBOX_QUEUE_EXPIRE_GRACE_SECONDS: '1',
    SANDBOX_QUEUE_MAINTENANCE_SECONDS: '1',
    SANDBOX_QUEUE_POLL_SECONDS: '0.5',
    SANDBOX_QUEUE_RETRY_DELAY_SECONDS: '1',
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
const rows = async () =>
  (await sql.query<Row>('SELECT id, user_id, status, attempts, grade_count, points, lease_owner, progress_done FROM submissions ORDER BY id')).rows;

describe('two web and two worker processes on one PostgreSQL database', () => {
  let a: Proc;
  let b: Proc;

  it('grade 30 submissions of 10 students exactly once although a worker is killed mid-grade; progress reaches the student on the other web process', async () => {
    [a, b] = [await start(['serve', '--role', 'web']), await start(['serve', '--role', 'web'])];
    await waitFor(() => /database PostgreSQL postgres:\/\//.test(a.output()), 'the start-up line naming the PostgreSQL database');
    fake.setLatencyMs(25);
    const students = await Promise.all(
      Array.from({ length: 10 }, async (_, n) => {
        const user = await stores.users.create({ email: `s${n}@example.edu`, name: `Student ${n}`, role: 'student', section: null });
        return { userId: user.id, token: await stores.credentials.issueToken(user.id) };
      }),
    );
    const submit = async (web: Proc, who: { token: string }, variant: number) => {
      const response = await fetch(`${web.base}/api/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ taskId: 'sentiment', program: { ...chatProgram, instruction: `${chatProgram.instruction} (variant ${variant})` } }),
      });
      expect(response.status, await response.clone().text()).toBe(202);
      return ((await response.json()) as { submission: { id: string } }).submission.id;
    };
    // Made on B, watched on A: neither grades; a worker does.
    const watched = await submit(b, students[0]!, 0);
    const streamed = fetch(`${a.base}/api/submissions/${watched}/events`, { headers: { authorization: `Bearer ${students[0]!.token}` } }).then((r) => r.text());
    const ids = [watched];
    for (let i = 1; i < 30; i++) ids.push(await submit(i % 2 ? a : b, students[i % 10]!, i));
    expect((await rows()).every((row) => row.status === 'queued')).toBe(true);

    const workers = [await start(['worker']), await start(['worker'])];
    const halfGraded = (row: Row) => row.status === 'grading' && (row.progress_done ?? 0) >= 4 && row.id !== watched;
    await waitFor(async () => (await rows()).some(halfGraded), 'a grading under way', 60_000);
    const victimRow = (await rows()).find(halfGraded)!;
    const victim = workers.find((w) => victimRow.lease_owner?.includes(`:${w.child.pid}:`))!;
    expect(victim, `the lease owner ${victimRow.lease_owner} is one of the workers`).toBeDefined();
    await processes.stop(victim, 'SIGKILL');
    const survivor = workers.find((w) => w !== victim)!;

    await waitFor(async () => (await rows()).every((row) => row.status === 'graded'), 'every submission graded', 150_000);
    const final = await rows();
    expect(final).toHaveLength(30);
    for (const row of final) expect(row).toMatchObject({ status: 'graded', grade_count: 1, points: 10 });
    // The killed worker's submission: graded on a second claim, by the survivor.
    expect(final.find((row) => row.id === victimRow.id)!.attempts).toBe(2);
    expect(final.find((row) => row.id === victimRow.id)!.lease_owner).toContain(`:${survivor.child.pid}:`);
    // Three submissions per student today, nothing counted twice; the grader's calls are logged, never charged.
    for (const who of students) expect(await stores.submissions.countToday(who.userId, 'sentiment')).toBe(3);
    const charged = await sql.query<{ n: string }>("SELECT COALESCE(SUM(charged), 0)::text AS n FROM model_calls WHERE source = 'submission'");
    expect(charged.rows[0]!.n).toBe('0');
    for (const who of students) expect(await stores.usageLedger.usage(who.userId, 'unassigned')).toMatchObject({ tokensUsed: 0, requestsUsed: 0 });

    const events = parseSse(await streamed);
    expect(events.filter((e) => e.event === 'progress').some((e) => (e.data as { done: number }).done > 0)).toBe(true);
    expect(events.filter((e) => e.event === 'graded')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ event: 'graded', data: { submission: { id: watched, status: 'graded' } } });
    // An idle worker stops cleanly on SIGTERM (its jobs, none now, would go back to the queue).
    expect(await processes.stop(survivor)).toBe(0);
  }, 240_000);

  it('50 concurrent gateway requests of one student over both web processes never overspend the budget by more than one request; a revocation holds on both at once', async () => {
    const user = await stores.users.create({ email: 'ada@example.edu', name: 'Ada', role: 'student', section: null });
    const token = await stores.credentials.issueToken(user.id);
    const remaining = 100;
    // One call first, so the student has a counters row; then the budget is nearly spent.
    const chat = (web: Proc, n: number) =>
      fetch(`${web.base}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Review: request number ${n} was fine.` }], max_tokens: 20 }),
      });
    expect((await chat(a, 0)).status).toBe(200);
    await sql.query('UPDATE usage_counters SET tokens_used = $1 WHERE user_id = $2', [BUDGET - remaining, user.id]);
    const spent = async () =>
      Number(
        (
          await sql.query<{ n: string }>(
            'SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0)::text AS n FROM model_calls WHERE user_id = $1 AND charged = 1',
            [user.id],
          )
        ).rows[0]!.n,
      );
    const spentBefore = await spent();
    fake.setLatencyMs(40);
    // A client retries what the in-flight cap refuses, so every request is decided by the budget.
    const ok = await raceTheBudget((n) => chat(n % 2 ? b : a, n));
    expectWithinOneRequest((await spent()) - spentBefore, remaining, ok);
    const counters = (await sql.query('SELECT tokens_used, tokens_reserved, requests_reserved FROM usage_counters WHERE user_id = $1', [user.id])).rows[0];
    expect(Number(counters.tokens_used)).toBeLessThanOrEqual(BUDGET);
    expect(counters).toMatchObject({ tokens_reserved: expect.anything(), requests_reserved: expect.anything() });
    expect(Number(counters.tokens_reserved)).toBe(0);
    expect(Number(counters.requests_reserved)).toBe(0);

    // A token revoked elsewhere (staff on another process) is refused by both at once, although
    // both had just served it.
    const me = (web: Proc) => fetch(`${web.base}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect([(await me(a)).status, (await me(b)).status]).toEqual([200, 200]);
    await stores.credentials.revokeToken(user.id);
    expect([(await me(a)).status, (await me(b)).status]).toEqual([401, 401]);
    for (const web of [a, b]) expect(await processes.stop(web)).toBe(0);
  }, 120_000);
});
