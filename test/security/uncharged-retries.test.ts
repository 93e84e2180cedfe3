// Attack: make the upstream work without paying for it. Retried attempts and failed calls were
// settled as "nothing happened", so concurrent dev runs against a flaky upstream made more
// upstream calls than were charged. Here every upstream call must be one charged request (tokens
// only for what the upstream answered), and 50 concurrent gateway requests, some cut mid-answer,
// must never spend more than a small budget.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import request from 'supertest';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, parseSse, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
let fake: FakeOpenAIServer;
const open: TestSandbox[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ respond: sentimentOracle(task, new Set()) });
});
afterEach(async () => {
  fake.faults.clear();
  fake.resetStats();
  for (const sandbox of open.splice(0)) await sandbox.stop();
});
afterAll(async () => {
  await fake.close();
});

async function sandboxWith(quotas: Parameters<typeof createTestSandbox>[0]['quotas']) {
  const sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: fake.apiKey, quotas });
  open.push(sandbox);
  return sandbox;
}

function listen(sandbox: TestSandbox): Promise<{ server: http.Server; origin: string }> {
  return new Promise((resolve) => {
    const server = http
      .createServer(sandbox.listener)
      .listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

type Row = { ok: number; prompt_tokens: number; completion_tokens: number };
const rowsOf = (sandbox: TestSandbox, person: Person): Row[] =>
  sandbox.db
    .prepare('SELECT ok, prompt_tokens, completion_tokens FROM model_calls WHERE user_id = ? AND cache_hit = 0 ORDER BY id')
    .all(person.user.id) as Row[];

describe('retries and failed attempts are charged', () => {
  it('three concurrent dev runs against an upstream failing half the time: upstream calls = requests charged', async () => {
    const sandbox = await sandboxWith({});
    const student = sandbox.student('Flaky Upstream');
    fake.faults.random({ rate: 0.5, kinds: ['500', '429'], seed: 9 });
    // Three different instructions: no run answers another's cases from the response cache.
    const runs = await Promise.all(
      [1, 2, 3].map((n) =>
        request(sandbox.app)
          .post('/api/run-dev')
          .set(student.auth)
          .send({ taskId: 'sentiment', program: { ...chatProgram, instruction: `${chatProgram.instruction} (variant ${n})` } }),
      ),
    );
    for (const run of runs) expect(run.status).toBe(200);
    const stats = fake.stats();
    const upstreamCalls = stats.byPath['/v1/chat/completions']!;
    // The attack only means something when failures were retried.
    expect(stats.faultsInjected).toBeGreaterThan(10);
    expect(upstreamCalls).toBeGreaterThan(3 * task.dev.length);

    const usage = await sandbox.services.ledger.usage(student.user.id, 'unassigned');
    expect(usage.requestsUsed).toBe(upstreamCalls);
    const rows = rowsOf(sandbox, student);
    expect(rows).toHaveLength(upstreamCalls);
    // A 500 or 429 answer bills no tokens; each answered call bills what the upstream reported.
    expect(rows.filter((r) => r.ok === 0)).toHaveLength(stats.faultsInjected);
    for (const row of rows.filter((r) => r.ok === 0)) expect(row).toEqual({ ok: 0, prompt_tokens: 0, completion_tokens: 0 });
    expect(usage.tokensUsed).toBe(rows.reduce((n, r) => n + r.prompt_tokens + r.completion_tokens, 0));
    const completed = runs.filter((run) => parseSse(run.text).at(-1)!.event === 'done').length;
    expect(completed).toBeGreaterThan(0);
  });

  it('a 500 then a success on the playground: two upstream calls, two requests charged', async () => {
    const sandbox = await sandboxWith({});
    const student = sandbox.student('One Retry');
    fake.faults.queue('500');
    const run = await request(sandbox.app)
      .post('/api/run')
      .set(student.auth)
      .send({ taskId: 'sentiment', program: chatProgram, case: { caseId: 'dev-002' } });
    expect(parseSse(run.text).at(-1)!.event).toBe('done');
    expect(fake.stats().requests).toBe(2);
    expect((await sandbox.services.ledger.usage(student.user.id, 'unassigned')).requestsUsed).toBe(2);
    expect(rowsOf(sandbox, student).map((r) => r.ok)).toEqual([0, 1]);
  });
});

describe('what never reached the provider', () => {
  it('a connection refused costs nothing: no request, no tokens', async () => {
    // A port that was free a moment ago and has nobody listening now.
    const closed = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const sandbox = await createTestSandbox({ baseURL: `http://127.0.0.1:${closed}/v1`, apiKey: 'nobody-home' });
    open.push(sandbox);
    const student = sandbox.student('Refused');
    const answer = await request(sandbox.app)
      .post('/v1/chat/completions')
      .set(student.auth)
      .send({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] });
    expect(answer.status).toBe(502);
    expect(await sandbox.services.ledger.usage(student.user.id, 'unassigned')).toMatchObject({ tokensUsed: 0, requestsUsed: 0 });
    expect(sandbox.db.prepare('SELECT ok, charged, prompt_tokens, completion_tokens FROM model_calls WHERE user_id = ?').all(student.user.id)).toEqual([
      { ok: 0, charged: 0, prompt_tokens: 0, completion_tokens: 0 },
    ]);
  });
});

describe('50 concurrent gateway requests against a small budget', () => {
  it('some cut mid-answer, some failing: the budget is never overspent, and every upstream call is charged', async () => {
    const budget = 400;
    const sandbox = await sandboxWith({ tokenBudget: budget, requestBudget: 10_000 });
    const student = sandbox.student('Crowd');
    fake.faults.random({ rate: 0.4, kinds: [{ kind: 'drop', afterTokens: 1 }, '500'], seed: 3 });
    fake.setLatencyMs(20);
    const { server, origin } = await listen(sandbox);
    const client = new OpenAI({ baseURL: `${origin}/v1`, apiKey: student.token, maxRetries: 0 });
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        try {
          const stream = await client.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: `Review: request ${i} was fine, thanks.` }],
            max_tokens: 10,
            stream: true,
          });
          for await (const _chunk of stream) {
            // Reading to the end.
          }
          return 'ok';
        } catch (error) {
          return error instanceof OpenAI.APIError && error.status === 429 ? 'refused' : 'failed';
        }
      }),
    );
    fake.setLatencyMs(0);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    expect(outcomes.filter((o) => o === 'refused').length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(0);

    const rows = rowsOf(sandbox, student);
    const spent = rows.reduce((n, r) => n + r.prompt_tokens + r.completion_tokens, 0);
    const usage = await sandbox.services.ledger.usage(student.user.id, 'unassigned');
    expect(spent).toBeLessThanOrEqual(budget);
    expect(usage.tokensUsed).toBe(spent);
    expect(usage.requestsUsed).toBe(fake.stats().requests);
    expect(rows).toHaveLength(fake.stats().requests);
    // Cut answers were charged something: the prompt at least.
    expect(fake.stats().faults.drop ?? 0).toBeGreaterThan(0);
    expect(rows.filter((r) => r.ok === 0 && r.prompt_tokens > 0).length).toBe(fake.stats().faults.drop ?? 0);
  });
});
