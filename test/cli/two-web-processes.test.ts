// Shared state across real processes on one SQLite file, written as attacks: two `sandbox serve
// --role web` processes, models behind the fake OpenAI server.
// - A second process starting while the first has a model call in flight does not release the
//   first's reservation (the old start-up cleared everyone's), and the call is charged once.
// - Concurrent gateway requests from one student split over both processes: never more in flight
//   at the provider than the per-student cap, although each process alone would allow the cap; and
//   50 of them against a nearly spent budget never overspend it by more than one request's worth.
// - A token re-issued by staff on A is refused on B at once (bearer and session), although B had
//   just served it.
// - A killed with a call in flight: B, still running, releases that reservation once A's heartbeat
//   expires, without a restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentials } from '../../server/accounts/credentials.js';
import { createUsers } from '../../server/accounts/users.js';
import { openDatabase, type SqliteDatabase } from '../../server/storage/open-database.js';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createSandboxProcesses, type SandboxProcess } from '../../testkit/sandbox-processes.js';
import { fixtureTasksDir, loadFixtureTask, modelsYamlFor, sentimentOracle } from '../../testkit/sentiment-fixture.js';
import { expectWithinOneRequest, raceTheBudget } from '../support/budget-race.js';
import { waitFor } from '../support/wait-for.js';

const task = loadFixtureTask('sentiment');
const BUDGET = 100_000;
const CAP = 3;
let fake: FakeOpenAIServer;
let tmp: string;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-shared', respond: sentimentOracle(task, new Set()) });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-shared-'));
  fs.writeFileSync(path.join(tmp, 'models.yaml'), modelsYamlFor(fake.url));
});
afterAll(async () => {
  processes.killAll();
  await fake.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const processes = createSandboxProcesses();
type Web = SandboxProcess;

function startWeb(): Promise<Web> {
  return processes.start(['serve', '--role', 'web'], {
    HOME: tmp,
    PORT: '0',
    SANDBOX_DATA_DIR: path.join(tmp, 'data'),
    SANDBOX_MODELS_CONFIG: path.join(tmp, 'models.yaml'),
    SANDBOX_TASKS_DIR: fixtureTasksDir,
    FAKE_OPENAI_KEY: 'k-shared',
    SANDBOX_TOKEN_BUDGET: String(BUDGET),
    SANDBOX_MAX_CONCURRENT_REQUESTS: String(CAP),
    SANDBOX_RATE_LIMIT_PER_MINUTE: '0',
    SANDBOX_INFERENCE_POOL: '0',
    // A process counts as gone 3 s after its last heartbeat (default 30 s), for the crash below.
    SANDBOX_INSTANCE_TTL_MS: '3000',
  });
}

const chat = (web: Web, token: string, n: number) =>
  fetch(`${web.base}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Review: request number ${n} was fine.` }], max_tokens: 20 }),
  });

type Counters = { tokens_used: number; tokens_reserved: number; requests_used: number; requests_reserved: number };

describe('two serve --role web processes on one SQLite file', () => {
  it('share reservations, the budget, the in-flight cap and token revocation', async () => {
    const a = await startWeb();
    const db: SqliteDatabase = openDatabase(path.join(tmp, 'data', 'sandbox.db'));
    // The synchronous SQLite stores, on this test's own connection (as another process would write).
    const clock = { now: () => Date.now() };
    const accounts = { users: createUsers(db, clock), credentials: createCredentials(db, clock, { sessionDays: 14 }) };
    const student = accounts.users.create({ email: 'ada@example.edu', name: 'Ada', role: 'student', section: null });
    const token = accounts.credentials.issueToken(student.id);
    const staff = accounts.users.create({ email: 'sam@example.edu', name: 'Sam', role: 'staff', section: null });
    const staffToken = accounts.credentials.issueToken(staff.id);
    const counters = () => db.prepare('SELECT * FROM usage_counters WHERE user_id = ?').get(student.id) as Counters;
    const spent = () =>
      db
        .prepare('SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0) FROM model_calls WHERE user_id = ? AND charged = 1')
        .pluck()
        .get(student.id) as number;

    // (b) A call in flight on A while B starts: B's start releases nothing of A's.
    // Only this call is slow (the provider's model list, which a starting process reads, is not).
    fake.faults.queue({ kind: 'slow', ms: 15_000 });
    let firstDone = false;
    const inFlight = chat(a, token, 0).finally(() => (firstDone = true));
    const chats = () => fake.stats().byPath['/v1/chat/completions'] ?? 0;
    await waitFor(() => chats() === 1, 'the call to reach the provider');
    const reserved = counters();
    expect(reserved).toMatchObject({ requests_reserved: 1 });
    expect(reserved.tokens_reserved).toBeGreaterThan(0);
    const b = await startWeb();
    expect(firstDone, "B started while A's call was still in flight").toBe(false);
    expect(b.output()).not.toMatch(/reservation.* released/);
    expect(counters()).toEqual(reserved);
    expect(db.prepare('SELECT COUNT(*) FROM usage_reservations').pluck().get()).toBe(1);
    const first = await inFlight;
    expect(first.status).toBe(200);
    // Charged once: the reservation gone, the call's tokens used, one request.
    expect(counters()).toMatchObject({ tokens_reserved: 0, requests_reserved: 0, requests_used: 1, tokens_used: spent() });
    expect(spent()).toBeGreaterThan(0);

    // (a) The in-flight cap, with budget to spare: 30 slow requests at once, alternating A and B.
    // Each process alone would let CAP through; together they must too.
    fake.setLatencyMs(1_500);
    fake.resetStats();
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => chat(i % 2 ? b : a, token, 100 + i)));
    const codes = await Promise.all(burst.map(async (r) => (r.status === 200 ? 'ok' : ((await r.json()) as { error: { code: string } }).error.code)));
    // All 30 arrive within the first calls' 1.5 s: exactly CAP get through (one process each would let 2 × CAP).
    expect(codes.filter((c) => c === 'ok')).toHaveLength(CAP);
    expect(fake.stats().maxInFlight).toBeLessThanOrEqual(CAP);
    expect(codes.filter((c) => c !== 'ok').every((c) => c === 'rate_limit_exceeded')).toBe(true);
    await waitFor(() => db.prepare('SELECT COUNT(*) FROM request_slots').pluck().get() === 0, 'the slots to be released');

    // (a) 50 requests at once, alternating A and B, about 100 tokens of budget left (some 10 calls). A client
    // retries what the in-flight cap refuses, so every request is eventually decided by the budget.
    const remaining = 100;
    db.prepare('UPDATE usage_counters SET tokens_used = ? WHERE user_id = ?').run(BUDGET - remaining, student.id);
    const spentBefore = spent();
    fake.setLatencyMs(40);
    fake.resetStats();
    const ok = await raceTheBudget((n) => chat(n % 2 ? b : a, token, n));
    expectWithinOneRequest(spent() - spentBefore, remaining, ok);
    // The reservation is an upper bound, so in fact nothing is overspent at all.
    expect(counters().tokens_used).toBeLessThanOrEqual(BUDGET);
    expect(counters()).toMatchObject({ tokens_reserved: 0, requests_reserved: 0 });
    expect(fake.stats().maxInFlight).toBeLessThanOrEqual(CAP);
    expect(chats()).toBe(ok.length);
    await waitFor(() => db.prepare('SELECT COUNT(*) FROM request_slots').pluck().get() === 0, 'the slots to be released');

    // (c) B serves the token (bearer and a session made with it); staff re-issue it on A.
    const me = (web: Web, headers: Record<string, string>) => fetch(`${web.base}/api/me`, { headers }).then((r) => r.status);
    const login = await fetch(`${b.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(await me(b, { authorization: `Bearer ${token}` })).toBe(200);
    expect(await me(b, { cookie })).toBe(200);
    const reissued = await fetch(`${a.base}/api/staff/tokens/export`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userIds: [student.id] }),
    });
    expect(reissued.status).toBe(200);
    const fresh = (await reissued.text()).trim().split('\n')[1]!.split(',').at(-1)!;
    expect(await me(b, { authorization: `Bearer ${token}` })).toBe(401);
    expect(await me(b, { cookie })).toBe(401);
    expect((await chat(b, token, 99)).status).toBe(401);
    expect(await me(b, { authorization: `Bearer ${fresh}` })).toBe(200);

    // (d) A is killed with a call in flight: B, which keeps running, releases A's reservation once
    // A's heartbeat has expired (no restart needed); the call is never charged.
    fake.setLatencyMs(0);
    fake.faults.queue({ kind: 'slow', ms: 15_000 });
    const before = counters();
    const orphaned = chat(a, fresh, 200).catch(() => null);
    await waitFor(() => counters().requests_reserved === 1, "A's reservation");
    await processes.stop(a, 'SIGKILL');
    await orphaned;
    expect(counters().requests_reserved).toBe(1);
    await waitFor(() => counters().requests_reserved === 0, "the dead process's reservation released by B", 20_000);
    expect(counters()).toMatchObject({ tokens_reserved: 0, tokens_used: before.tokens_used, requests_used: before.requests_used });
    // B logs the release after its commit; the line reaches this process through a pipe a moment later.
    await waitFor(() => /usage: 1 reservation of stopped processes released/.test(b.output()), "B's log line of the release");
    expect(db.prepare('SELECT COUNT(*) FROM usage_reservations').pluck().get()).toBe(0);

    db.close();
    expect(await processes.stop(b)).toBe(0);
  }, 120_000);
});
