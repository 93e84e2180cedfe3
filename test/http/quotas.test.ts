// Budgets, rate limits and the concurrency cap, enforced atomically: 50 parallel requests against a
// nearly spent budget never overspend it by more than one request's worth. Every call is logged
// with who, model, tokens, cost, latency and cache hit.
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { pricedRegistryFor } from '../support/priced-registry.js';
import { createTestSandbox, parseSse, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';

const task = loadFixtureTask('sentiment');
let fake: FakeOpenAIServer;
const open: TestSandbox[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-quota', respond: sentimentOracle(task, new Set()) });
});
afterEach(async () => {
  fake.setLatencyMs(0);
  for (const sandbox of open.splice(0)) await sandbox.stop();
});
afterAll(async () => {
  await fake.close();
});

async function sandboxWith(options: Parameters<typeof createTestSandbox>[0]['quotas'], extra: Partial<Parameters<typeof createTestSandbox>[0]> = {}) {
  const sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-quota', models: pricedRegistryFor(fake.url, 'k-quota'), quotas: options, ...extra });
  open.push(sandbox);
  return sandbox;
}

function listen(sandbox: TestSandbox): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = http.createServer(sandbox.listener).listen(0, '127.0.0.1', () => resolve(server));
  });
}

const chatBody = (n: number) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Review: request number ${n} was fine.` }], max_tokens: 20 });

describe('token budget', () => {
  it('50 parallel gateway requests against a nearly spent budget never overspend it', async () => {
    const budget = 3_000;
    const sandbox = await sandboxWith({ tokenBudget: budget, requestBudget: 10_000 });
    const student = sandbox.student();
    // A real call, then the rest of the budget spent as if by earlier calls: about 300 tokens remain.
    await request(sandbox.app).post('/v1/chat/completions').set(student.auth).send(chatBody(0)).expect(200);
    sandbox.db.prepare('UPDATE usage_counters SET tokens_used = ? WHERE user_id = ?').run(budget - 300, student.user.id);
    sandbox.db
      .prepare(
        "INSERT INTO model_calls (user_id, scope, source, model, ok, charged, prompt_tokens, completion_tokens, cost_usd, latency_ms, cache_hit, created_at) VALUES (?, 'unassigned', 'gateway', 'gpt-4o-mini', 1, 1, ?, 0, 0, 0, 0, '2026-01-01')",
      )
      .run(student.user.id, budget - 300 - (sandbox.db.prepare('SELECT SUM(prompt_tokens + completion_tokens) FROM model_calls').pluck().get() as number));
    const before = (await sandbox.services.ledger.usage(student.user.id, 'unassigned')).tokensUsed;
    fake.setLatencyMs(30);
    const server = await listen(sandbox);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(server)
          .post('/v1/chat/completions')
          .set(student.auth)
          .send(chatBody(i + 1)),
      ),
    );
    server.close();
    const ok = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 429);
    expect(ok.length + refused.length).toBe(50);
    expect(ok.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(10);
    expect(refused[0]!.body.error).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });

    const spent = sandbox.db
      .prepare('SELECT SUM(prompt_tokens + completion_tokens) FROM model_calls WHERE user_id = ? AND cache_hit = 0')
      .pluck()
      .get(student.user.id) as number;
    const oneRequest = Math.max(...ok.map((r) => r.body.usage.total_tokens as number)) + 20;
    expect(spent).toBeLessThanOrEqual(budget + oneRequest);
    // The reservation is an upper bound, so in fact nothing was overspent at all.
    expect(spent).toBeLessThanOrEqual(budget);
    const usage = await sandbox.services.ledger.usage(student.user.id, 'unassigned');
    expect(usage.tokensUsed).toBe(spent);
    expect(usage.tokensUsed - before).toBe(ok.reduce((n, r) => n + (r.body.usage.total_tokens as number), 0));
  });

  it('a spent budget is a 429 on the playground too, and a run-dev stops when it runs out', async () => {
    const sandbox = await sandboxWith({ tokenBudget: 600, requestBudget: 10_000 });
    const student = sandbox.student();
    const dev = await request(sandbox.app).post('/api/run-dev').set(student.auth).send({ taskId: 'sentiment', program: chatProgram });
    expect(dev.status).toBe(200);
    const events = parseSse(dev.text);
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    expect(last.data.code).toBe('budget_exceeded');
    expect((await sandbox.services.ledger.usage(student.user.id, 'unassigned')).tokensUsed).toBeLessThanOrEqual(600);

    // Spend what is left, then every model route refuses at once with 429.
    sandbox.db.prepare('UPDATE usage_counters SET tokens_used = 600 WHERE user_id = ?').run(student.user.id);
    const run = await request(sandbox.app)
      .post('/api/run')
      .set(student.auth)
      .send({ taskId: 'sentiment', program: chatProgram, case: { caseId: 'dev-003' } });
    expect(run.status).toBe(429);
    expect(run.body.error.message).toMatch(/token budget for unassigned is used up \(600 of 600 tokens\)/);
    const gateway = await request(sandbox.app).post('/v1/chat/completions').set(student.auth).send(chatBody(1));
    expect(gateway.status).toBe(429);
    expect(gateway.headers['x-should-retry']).toBe('false');
    expect(gateway.body.error.message).toMatch(/^Sandbox budget exhausted: your token budget/);
    // Staff are counted, never refused.
    const staff = sandbox.staff();
    sandbox.db.prepare("INSERT INTO usage_counters (user_id, scope, tokens_used) VALUES (?, 'unassigned', 10000)").run(staff.user.id);
    expect((await request(sandbox.app).post('/v1/chat/completions').set(staff.auth).send(chatBody(2))).status).toBe(200);
  });
});

describe('request budget', () => {
  it('50 parallel runs against 7 remaining requests: exactly 7 reach the model', async () => {
    const sandbox = await sandboxWith({ requestBudget: 10 });
    const student = sandbox.student();
    for (let i = 0; i < 3; i++) {
      await request(sandbox.app)
        .post('/v1/completions')
        .set(student.auth)
        .send({ model: 'davinci-002', prompt: `Review: warm-up ${i}\nSentiment:` })
        .expect(200);
    }
    fake.resetStats();
    fake.setLatencyMs(20);
    const server = await listen(sandbox);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(server)
          .post('/api/run')
          .set(student.auth)
          .send({ taskId: 'sentiment', program: chatProgram, case: { inputs: { review: `unique review ${i}` } } }),
      ),
    );
    server.close();
    const succeeded = responses.filter((r) => r.status === 200 && parseSse(r.text).at(-1)!.event === 'done');
    expect(succeeded).toHaveLength(7);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(43);
    expect(fake.stats().byPath['/v1/chat/completions']).toBe(7);
    expect(await sandbox.services.ledger.usage(student.user.id, 'unassigned')).toMatchObject({ requestsUsed: 10, requestBudget: 10 });
  });
});

describe('rate limit and concurrency cap', () => {
  it('refuses the request over the per-minute limit with retry-after, and accepts again a minute later', async () => {
    let now = Date.parse('2026-03-02T10:00:00Z');
    const sandbox = await sandboxWith({ rateLimitPerMinute: 3 }, { clock: { now: () => now } });
    const student = sandbox.student();
    for (let i = 0; i < 3; i++) await request(sandbox.app).post('/v1/chat/completions').set(student.auth).send(chatBody(i)).expect(200);
    const limited = await request(sandbox.app).post('/v1/chat/completions').set(student.auth).send(chatBody(9));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.body.error).toMatchObject({ code: 'rate_limit_exceeded', message: 'too many model requests: at most 3 a minute; try again in 60 s' });
    const playground = await request(sandbox.app)
      .post('/api/run')
      .set(student.auth)
      .send({ taskId: 'sentiment', program: chatProgram, case: { caseId: 'dev-001' } });
    expect(playground.status).toBe(429);
    expect(playground.body.error.code).toBe('rate_limited');
    // Another student is not affected.
    await request(sandbox.app).post('/v1/chat/completions').set(sandbox.student().auth).send(chatBody(1)).expect(200);
    now += 61_000;
    await request(sandbox.app).post('/v1/chat/completions').set(student.auth).send(chatBody(10)).expect(200);
  });

  it('caps requests in flight per student', async () => {
    const sandbox = await sandboxWith({ maxConcurrentRequests: 2 });
    const student = sandbox.student();
    // Long enough that the third request arrives while the first two are still in flight, even on a slow machine.
    fake.setLatencyMs(500);
    const server = await listen(sandbox);
    const responses = await Promise.all(Array.from({ length: 3 }, (_, i) => request(server).post('/v1/chat/completions').set(student.auth).send(chatBody(i))));
    server.close();
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 429]);
    expect(responses.find((r) => r.status === 429)!.body.error.message).toMatch(/at most 2 at a time/);
    expect(await sandbox.services.limiter.inFlight(student.user.id)).toBe(0);
  });
});

describe('usage log', () => {
  it('records who, model, tokens, cost, latency and cache hits; staff see it per student and model', async () => {
    const sandbox = await sandboxWith({});
    const student = sandbox.student('Uma Usage');
    const body = { taskId: 'sentiment', program: chatProgram, case: { caseId: 'dev-004' } };
    await request(sandbox.app).post('/api/run').set(student.auth).send(body).expect(200);
    await request(sandbox.app).post('/api/run').set(student.auth).send(body).expect(200);
    const rows = sandbox.db
      .prepare(
        'SELECT user_id, source, model, ok, charged, prompt_tokens, completion_tokens, cost_usd, latency_ms, cache_hit FROM model_calls WHERE user_id = ? ORDER BY id',
      )
      .all(student.user.id) as Record<string, number | string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ source: 'run', model: 'gpt-4o-mini', ok: 1, charged: 1, cache_hit: 0 });
    expect(rows[0]!.prompt_tokens).toBeGreaterThan(10);
    expect(rows[0]!.cost_usd).toBeCloseTo(((rows[0]!.prompt_tokens as number) * 0.15 + (rows[0]!.completion_tokens as number) * 0.6) / 1e6, 12);
    expect(rows[1]).toMatchObject({ cache_hit: 1, charged: 0, cost_usd: 0 });

    const staff = sandbox.staff();
    const usage = await request(sandbox.app).get('/api/staff/usage').set(staff.auth);
    expect(usage.body.byStudent).toEqual([expect.objectContaining({ userId: student.user.id, email: student.user.email, requests: 1, cacheHits: 1 })]);
    expect(usage.body.byModel).toEqual([expect.objectContaining({ model: 'gpt-4o-mini', requests: 1, cacheHits: 1 })]);
    expect(usage.body.byModel[0].costUsd).toBeGreaterThan(0);
    const own = await request(sandbox.app).get('/api/usage').set(student.auth);
    expect(own.body).toMatchObject({ requestsUsed: 1, tokenBudget: 1_000_000, requestBudget: 10_000 });
    expect(own.body.costUsd).toBeCloseTo(rows[0]!.cost_usd as number, 12);
  });
});
