// The attack: the staff page framed by another site (clickjacking on "Revoke" or "New token"), a
// student's upload or model output sniffed into HTML or script, a one-time sign-in link leaked in a
// Referer. Every answer carries the headers against that: a CSP that allows only the app's own
// scripts and styles and no framing, X-Frame-Options DENY, nosniff, a referrer policy. "Every"
// includes the gateway's fast lane, which answers some /v1 POSTs before express (and its helmet)
// ever sees them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createSandboxListener, type SandboxListener } from '../../server/http/sandbox-listener.js';
import { webStatic } from '../../server/http/web-static.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
/** The server's listener: the gateway's fast lane, then express. */
let app: SandboxListener['listener'];
let student: Person;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-headers', respond: () => 'positive' });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-headers', startQueue: false });
  student = sandbox.student('Hedy Headers');
  // A built web app of two files, so that pages and static assets are served as in production.
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/app.js"></script><div id="root"></div>');
  fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1);');
  app = createSandboxListener({ ...sandbox.appDeps, mountWeb: (express) => void express.use(webStatic(dist)) }).listener;
});
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

function expectSecurityHeaders(response: request.Response, what: string) {
  const headers = response.headers;
  const csp = String(headers['content-security-policy'] ?? '');
  const directives = new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
  expect(directives.get('default-src'), what).toEqual(["'self'"]);
  expect(directives.get('script-src'), what).toEqual(["'self'"]);
  expect(directives.get('style-src'), what).toEqual(["'self'"]);
  expect(directives.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(directives.get('object-src'), what).toEqual(["'none'"]);
  expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval|https:|\*/);
  // Over plain http (a lab server on a LAN address) nothing may push the browser to https.
  expect(directives.has('upgrade-insecure-requests'), what).toBe(false);
  expect(headers['strict-transport-security'], what).toBeUndefined();
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('no-referrer');
  expect(headers['x-powered-by'], what).toBeUndefined();
}

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Review: fine' }], max_tokens: 4 };

describe('security headers on every answer', () => {
  it('pages and static assets', async () => {
    const page = await request(app).get('/').set('Accept', 'text/html');
    expect(page.status).toBe(200);
    expectSecurityHeaders(page, 'the app page');
    const deep = await request(app).get('/tasks/sentiment').set('Accept', 'text/html');
    expectSecurityHeaders(deep, 'a deep link');
    const asset = await request(app).get('/assets/app.js');
    expect(asset.status).toBe(200);
    expectSecurityHeaders(asset, 'a static asset');
  });

  it('the JSON API, its errors, and health checks', async () => {
    const me = await request(app).get('/api/me').set(student.auth);
    expect(me.status).toBe(200);
    expectSecurityHeaders(me, '/api/me');
    const anonymous = await request(app).get('/api/me');
    expect(anonymous.status).toBe(401);
    expectSecurityHeaders(anonymous, '/api/me signed out');
    const missing = await request(app).get('/api/no-such-route').set(student.auth);
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, 'an unknown API route');
    const badJson = await request(app).put('/api/drafts/sentiment').set(student.auth).set('Content-Type', 'application/json').send('{"program": ');
    expect(badJson.status).toBe(400);
    expectSecurityHeaders(badJson, 'a body that is not JSON');
    expectSecurityHeaders(await request(app).get('/healthz'), '/healthz');
  });

  it('the /v1 gateway through express', async () => {
    const models = await request(app).get('/v1/models').set(student.auth);
    expect(models.status).toBe(200);
    expectSecurityHeaders(models, 'GET /v1/models');
    const chunked = await request(app)
      .post('/v1/chat/completions')
      .set(student.auth)
      .set('Content-Type', 'application/json; charset=latin1')
      .send(JSON.stringify(chat));
    expectSecurityHeaders(chunked, 'a /v1 POST left to express');
  });

  it('the /v1 gateway fast lane: answers, errors and streams', async () => {
    const answer = await request(app).post('/v1/chat/completions').set(student.auth).send(chat);
    expect(answer.status).toBe(200);
    expect(answer.body.choices[0].message.content).toBe('positive');
    expectSecurityHeaders(answer, 'a fast-lane chat completion');
    const wrongKey = await request(app).post('/v1/chat/completions').set('Authorization', 'Bearer fms_wrong-key-for-headers').send(chat);
    expect(wrongKey.status).toBe(401);
    expectSecurityHeaders(wrongKey, 'a fast-lane 401');
    const streamed = await request(app)
      .post('/v1/chat/completions')
      .set(student.auth)
      .send({ ...chat, stream: true });
    expect(streamed.headers['content-type']).toMatch(/text\/event-stream/);
    expectSecurityHeaders(streamed, 'a fast-lane stream');
  });

  it('the fast lane and express send the very same security headers', async () => {
    const pick = (response: request.Response) =>
      Object.fromEntries(
        [
          'content-security-policy',
          'x-frame-options',
          'x-content-type-options',
          'referrer-policy',
          'cross-origin-opener-policy',
          'cross-origin-resource-policy',
          'origin-agent-cluster',
        ].map((name) => [name, response.headers[name]]),
      );
    const fast = await request(app).post('/v1/completions').set(student.auth).send({ model: 'davinci-002', prompt: 'x', max_tokens: 2 });
    const viaExpress = await request(app).get('/api/me').set(student.auth);
    expect(pick(fast)['content-security-policy']).toMatch(/default-src/);
    expect(pick(fast)).toEqual(pick(viaExpress));
  });

  it('served over HTTPS (secure cookies): HSTS and upgrade-insecure-requests are added', async () => {
    const https = createSandboxListener({ ...sandbox.appDeps, config: { ...sandbox.appDeps.config, cookieSecure: true } }).listener;
    for (const response of [
      await request(https).get('/api/me').set(student.auth),
      await request(https).post('/v1/chat/completions').set(student.auth).send(chat),
    ]) {
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(response.headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);
    }
  });
});
