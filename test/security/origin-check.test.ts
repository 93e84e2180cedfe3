// The attack: a page on the same host but another scheme or port (http://course.example:8080, a
// student's own server on the lab machine, or plain http next to the https sandbox) posts with the
// victim's session cookie. SameSite=Lax does not help there: "site" ignores scheme and port. A
// cookie-authenticated state-changing request must come from the sandbox's own origin (scheme,
// host and port) or from the configured public URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../../server/http/create-app.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let cookie: string;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-origin' });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-origin', startQueue: false });
  const student = sandbox.student('Olga Origin');
  const login = await request(sandbox.app).post('/api/auth/login').send({ token: student.token });
  cookie = (login.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
});
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

/** A cookie-authenticated state change (the locale preference) with this Origin and Host. */
function change(app: typeof sandbox.app, origin: string | null, host = 'sandbox.example:3000') {
  let pending = request(app).put('/api/me/preferences').set('Cookie', cookie).set('Host', host);
  if (origin !== null) pending = pending.set('Origin', origin);
  return pending.send({ locale: 'en' });
}

describe('Origin check on scheme, host and port', () => {
  it('refuses the same host with another scheme', async () => {
    const response = await change(sandbox.app, 'https://sandbox.example:3000');
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('cross_origin');
  });

  it('refuses the same host with another port, or no port', async () => {
    expect((await change(sandbox.app, 'http://sandbox.example:8080')).status).toBe(403);
    expect((await change(sandbox.app, 'http://sandbox.example')).status).toBe(403);
  });

  it('refuses another host and an opaque origin ("null", a sandboxed frame)', async () => {
    expect((await change(sandbox.app, 'http://evil.example:3000')).status).toBe(403);
    expect((await change(sandbox.app, 'null')).status).toBe(403);
  });

  it('accepts the same origin, and a default port written either way', async () => {
    expect((await change(sandbox.app, 'http://sandbox.example:3000')).status).toBe(200);
    expect((await change(sandbox.app, 'http://sandbox.example', 'sandbox.example:80')).status).toBe(200);
    expect((await change(sandbox.app, 'http://sandbox.example:80', 'sandbox.example')).status).toBe(200);
  });

  it('accepts a request with no Origin (not a cross-site browser request) and GETs from anywhere', async () => {
    expect((await change(sandbox.app, null)).status).toBe(200);
    expect((await request(sandbox.app).get('/api/me').set('Cookie', cookie).set('Origin', 'https://evil.example')).status).toBe(200);
  });

  it('behind a proxy: accepts exactly the configured public URL, not its http twin', async () => {
    const deps = { ...sandboxDeps(), config: { ...sandboxDeps().config, publicUrl: 'https://course.example' } };
    const app = createApp(deps);
    // The proxy forwards to the sandbox on an internal name; the browser is on the public URL.
    expect((await change(app, 'https://course.example', 'internal:3000')).status).toBe(200);
    expect((await change(app, 'http://course.example', 'internal:3000')).status).toBe(403);
    expect((await change(app, 'https://course.example:8443', 'internal:3000')).status).toBe(403);
  });

  it('with secure cookies (served over HTTPS) the own origin is https even when the proxy speaks http to us', async () => {
    const deps = { ...sandboxDeps(), config: { ...sandboxDeps().config, cookieSecure: true } };
    const app = createApp(deps);
    expect((await change(app, 'https://sandbox.example:3000')).status).toBe(200);
    expect((await change(app, 'http://sandbox.example:3000')).status).toBe(403);
  });
});

/** The test sandbox's own app dependencies, to build variants with another config. */
function sandboxDeps(): Parameters<typeof createApp>[0] {
  return sandbox.appDeps;
}
