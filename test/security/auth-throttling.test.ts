// The attack: guessing credentials as fast as the server answers (the issue measured 1,200 wrong
// tokens in 3.6 s, never a 429): wrong bearer tokens on /api and on the /v1 gateway (its fast lane
// and its express routes), wrong sign-ins, wrong one-time codes. Failures are counted per client
// address and overall and then refused with 429 and retry-after. And the counter-attack: nobody
// may use the throttle to lock others out, so a valid credential is never refused, from the
// throttled address or any other, even when the overall limit is spent. And spreading the guesses
// over several server processes on one database buys nothing: the counts are in the database.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthThrottle } from '../../server/accounts/auth-throttle.js';
import { loadConfig } from '../../server/config.js';
import { clientAddressKey } from '../../server/http/client-address.js';
import { createSandboxListener } from '../../server/http/sandbox-listener.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let student: Person;
const servers: http.Server[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-throttle', respond: () => 'positive' });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-throttle', startQueue: false });
  student = sandbox.student('Tom Throttled');
});
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await sandbox.stop();
  await fake.close();
});

/**
 * The sandbox app with these failure limits, listening on 127.0.0.1. By default each app counts on
 * its own (a throttle in memory), so the cases below do not share counts; `shared`: the server's
 * own throttle, counted in the database, as every process on it does.
 */
async function serve(perAddressPerMinute: number, overallPerMinute: number, options: { shared?: TestSandbox } = {}): Promise<number> {
  const authFailures = { perAddressPerMinute, overallPerMinute };
  const on = options.shared ?? sandbox;
  const { listener } = createSandboxListener({
    ...on.appDeps,
    config: { ...on.appDeps.config, authFailures },
    ...(options.shared ? {} : { authThrottle: createAuthThrottle(authFailures) }),
  });
  const server = await new Promise<http.Server>((resolve) => {
    const listening = http.createServer(listener).listen(0, '127.0.0.1', () => resolve(listening));
  });
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: any };

/** One request from a chosen loopback address (all of 127.0.0.0/8 is this machine), as a client there would send it. */
function send(port: number, from: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method,
        path,
        agent: false,
        headers: {
          accept: 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {}
          resolve({ status: response.statusCode!, headers: response.headers, body: parsed });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const wrong = (i: number) => `fms_wrong-guess-number-${i}-xxxxxxxxxxxxxxxxxxxxxxxxxx`;
const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Review: fine' }], max_tokens: 4 };

function expectThrottled(answer: Answer) {
  expect(answer.status).toBe(429);
  const wait = Number(answer.headers['retry-after']);
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(60);
}

async function statuses(count: number, attempt: (i: number) => Promise<Answer>): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await attempt(i)).status);
  return seen;
}

describe('failed credentials are throttled per client address', () => {
  let port: number;
  beforeAll(async () => {
    port = await serve(5, 1000);
  });

  it('wrong bearer tokens on /api: 401 five times, then 429 with retry-after; a valid token still works, there and elsewhere', async () => {
    expect(await statuses(5, (i) => send(port, '127.0.0.2', 'GET', '/api/me', { token: wrong(i) }))).toEqual([401, 401, 401, 401, 401]);
    const refused = await send(port, '127.0.0.2', 'GET', '/api/me', { token: wrong(99) });
    expectThrottled(refused);
    expect(refused.body.error.code).toBe('too_many_failures');
    expect((await send(port, '127.0.0.2', 'GET', '/api/me', { token: student.token })).status).toBe(200);
    expect((await send(port, '127.0.0.3', 'GET', '/api/me', { token: student.token })).status).toBe(200);
    // Another address has its own count.
    expect((await send(port, '127.0.0.3', 'GET', '/api/me', { token: wrong(1) })).status).toBe(401);
  });

  it("wrong keys on the /v1 gateway, fast lane and express routes: 429 in OpenAI's shape; a valid key still works", async () => {
    const from = '127.0.0.4';
    const fastLane = (i: number) => send(port, from, 'POST', '/v1/chat/completions', { token: wrong(i), body: chat });
    expect(await statuses(3, fastLane)).toEqual([401, 401, 401]);
    expect(await statuses(2, (i) => send(port, from, 'GET', '/v1/models', { token: wrong(i) }))).toEqual([401, 401]);
    for (const refused of [await fastLane(7), await send(port, from, 'GET', '/v1/models', { token: wrong(8) })]) {
      expectThrottled(refused);
      expect(refused.body.error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
      // Retrying cannot make a wrong key right: SDKs are told not to.
      expect(refused.headers['x-should-retry']).toBe('false');
    }
    const valid = await send(port, from, 'POST', '/v1/chat/completions', { token: student.token, body: chat });
    expect(valid.status).toBe(200);
    expect(valid.body.choices[0].message.content).toBe('positive');
    expect((await send(port, from, 'GET', '/v1/models', { token: student.token })).status).toBe(200);
  });

  it('failed sign-ins: 429 after the limit; the right token still signs in', async () => {
    const from = '127.0.0.5';
    const login = (token: string) => send(port, from, 'POST', '/api/auth/login', { body: { token } });
    expect(await statuses(5, (i) => login(wrong(i)))).toEqual([401, 401, 401, 401, 401]);
    expectThrottled(await login(wrong(5)));
    const valid = await login(student.token);
    expect(valid.status).toBe(200);
    expect(String(valid.headers['set-cookie'])).toMatch(/sandbox_session=/);
  });

  it('wrong one-time codes: 429 after the limit; a valid code still signs in', async () => {
    const from = '127.0.0.6';
    const redeem = (code: string) => send(port, from, 'GET', `/api/auth/one-time/${code}`);
    // A wrong (or used) code is sent to the sign-in page that says how to get a new link.
    const wrongCodes: Answer[] = [];
    for (let i = 0; i < 5; i++) wrongCodes.push(await redeem(`once_wrong-code-${i}-xxxxxxxxxxxxxxxx`));
    expect(wrongCodes.map((r) => [r.status, r.headers.location])).toEqual(Array(5).fill([302, '/signin?link=used']));
    expectThrottled(await redeem('once_wrong-code-5-xxxxxxxxxxxxxxxx'));
    const staff = sandbox.staff('Codie Code');
    const code = await sandbox.services.accounts.credentials.issueSignInCode(staff.user.id, 1);
    const valid = await redeem(code);
    expect([valid.status, valid.headers.location]).toEqual([302, '/']);
  });

  it('one address sending hundreds of wrong tokens gets 429s, not hundreds of lookups answered 401', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => send(port, '127.0.0.7', 'GET', '/api/me', { token: wrong(i) })));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(195);
  });
});

describe('failed credentials are throttled overall', () => {
  it('once failures from all addresses pass the overall limit every failure gets 429, but valid credentials still work', async () => {
    const port = await serve(3, 5);
    expect(await statuses(3, (i) => send(port, '127.0.1.1', 'GET', '/api/me', { token: wrong(i) }))).toEqual([401, 401, 401]);
    expect(await statuses(3, (i) => send(port, '127.0.1.2', 'GET', '/api/me', { token: wrong(i) }))).toEqual([401, 401, 429]);
    expectThrottled(await send(port, '127.0.1.3', 'GET', '/api/me', { token: wrong(0) }));
    expectThrottled(await send(port, '127.0.1.3', 'POST', '/api/auth/login', { body: { token: wrong(1) } }));
    expect((await send(port, '127.0.1.3', 'GET', '/api/me', { token: student.token })).status).toBe(200);
    expect((await send(port, '127.0.1.3', 'POST', '/api/auth/login', { body: { token: student.token } })).status).toBe(200);
    expect((await send(port, '127.0.1.3', 'POST', '/v1/chat/completions', { token: student.token, body: chat })).status).toBe(200);
  });

  it('one address cannot spend the overall limit alone: its refused failures do not count there', async () => {
    const port = await serve(2, 5);
    const flood = await statuses(30, (i) => send(port, '127.0.2.1', 'GET', '/api/me', { token: wrong(i) }));
    expect(flood.filter((status) => status === 401)).toHaveLength(2);
    // 2 of 5 overall used: students elsewhere who mistype still get the helpful 401, until the
    // failures of several addresses together pass the overall limit.
    expect(await statuses(2, (i) => send(port, '127.0.2.2', 'GET', '/api/me', { token: wrong(i) }))).toEqual([401, 401]);
    expect(await statuses(2, (i) => send(port, '127.0.2.3', 'GET', '/api/me', { token: wrong(i) }))).toEqual([401, 429]);
  });
});

describe('client address keys', () => {
  it('an IPv4 client is one key however it is written; an IPv6 client is its /64', () => {
    expect(clientAddressKey('::ffff:127.0.0.2')).toBe(clientAddressKey('127.0.0.2'));
    expect(clientAddressKey('2001:db8:1:2:3:4:5:6')).toBe(clientAddressKey('2001:0db8:0001:0002:ffff::1'));
    expect(clientAddressKey('2001:db8:1:2::1')).not.toBe(clientAddressKey('2001:db8:1:3::1'));
    expect(clientAddressKey(undefined)).toBe('unknown');
  });
});

describe('limits come from the environment', () => {
  it('reads SANDBOX_AUTH_FAILURES_PER_MINUTE and _OVERALL_PER_MINUTE, with defaults, and refuses bad values naming the variable', () => {
    const root = '/nonexistent-sandbox-root';
    expect(loadConfig({}, root).authFailures).toEqual({ perAddressPerMinute: 30, overallPerMinute: 600 });
    expect(loadConfig({ SANDBOX_AUTH_FAILURES_PER_MINUTE: '5', SANDBOX_AUTH_FAILURES_OVERALL_PER_MINUTE: '0' }, root).authFailures).toEqual({
      perAddressPerMinute: 5,
      overallPerMinute: 0,
    });
    expect(() => loadConfig({ SANDBOX_AUTH_FAILURES_PER_MINUTE: '-1' }, root)).toThrow(/SANDBOX_AUTH_FAILURES_PER_MINUTE/);
  });
});

describe('failed credentials are counted in the database', () => {
  it('two server processes on one database share one limit: guesses spread over both are refused after the limit', async () => {
    // Two apps over two connections to one SQLite file, as `serve --role web` twice would be.
    const other = await createTestSandbox({ dir: sandbox.dir, baseURL: fake.url, apiKey: 'k-throttle', startQueue: false });
    try {
      const [a, b] = [await serve(4, 1000, { shared: sandbox }), await serve(4, 1000, { shared: other })];
      const seen = await statuses(4, (i) => send(i % 2 ? b : a, '127.0.0.40', 'GET', '/api/me', { token: wrong(400 + i) }));
      expect(seen).toEqual([401, 401, 401, 401]);
      // Two failures on each process: the fifth, on either, is past the shared limit of four.
      expectThrottled(await send(a, '127.0.0.40', 'GET', '/api/me', { token: wrong(404) }));
      expectThrottled(await send(b, '127.0.0.40', 'GET', '/api/me', { token: wrong(405) }));
      // The valid token still passes on both.
      expect((await send(a, '127.0.0.40', 'GET', '/api/me', { token: student.token })).status).toBe(200);
      expect((await send(b, '127.0.0.40', 'GET', '/api/me', { token: student.token })).status).toBe(200);
    } finally {
      await other.stop();
    }
  });
});
