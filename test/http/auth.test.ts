// Accounts over HTTP: the first-start staff link, token sign-in with a cookie session, sign-out,
// roster import, token revoke and re-issue. Secrets are stored only as hashes and never logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-auth' });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-auth' });
});
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

function sessionCookieOf(response: request.Response): string {
  const header = response.headers['set-cookie'] as unknown as string[] | undefined;
  const cookie = header?.find((c) => c.startsWith('sandbox_session='));
  if (!cookie) throw new Error('no session cookie set');
  return cookie;
}

function allDatabaseText(): string {
  const tables = ['users', 'access_tokens', 'sessions', 'sign_in_codes'];
  return tables.map((table) => JSON.stringify(sandbox.db.prepare(`SELECT * FROM ${table}`).all())).join('\n');
}

describe('first start', () => {
  it('creates a staff account with a one-time sign-in URL that works once', async () => {
    const url = await sandbox.services.accounts.ensureFirstStaff('http://localhost:3000');
    expect(url).toMatch(/^http:\/\/localhost:3000\/api\/auth\/one-time\/once_[\w-]{43}$/);
    const path = new URL(url!).pathname;
    const first = await request(sandbox.app).get(path);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const cookie = sessionCookieOf(first);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const me = await request(sandbox.app).get('/api/me').set('Cookie', cookie.split(';')[0]!);
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: 'staff@localhost', role: 'staff' });

    // A used link opened again lands on the sign-in page, which says how to get a new one; no
    // session is started.
    const again = await request(sandbox.app).get(path);
    expect(again.status).toBe(302);
    expect(again.headers.location).toBe('/signin?link=used');
    expect(again.headers['set-cookie']).toBeUndefined();
    // The staff member has signed in: no more links on later starts.
    expect(await sandbox.services.accounts.ensureFirstStaff('http://localhost:3000')).toBeNull();
    // The code is masked in the request log.
    const code = path.split('/').at(-1)!;
    expect(sandbox.logs.join('\n')).not.toContain(code);
    expect(sandbox.logs.some((line) => line.includes('/api/auth/one-time/***'))).toBe(true);
  });
});

describe('sign-in with a personal token', () => {
  it('sets a session cookie; sign-out ends it; only hashes are stored', async () => {
    const student = sandbox.student('Ada Lovelace');
    const login = await request(sandbox.app).post('/api/auth/login').send({ token: student.token });
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual({ ...student.user });
    const cookie = sessionCookieOf(login).split(';')[0]!;
    const sessionId = decodeURIComponent(cookie.split('=')[1]!);

    const me = await request(sandbox.app).get('/api/me').set('Cookie', cookie);
    expect(me.body.user.id).toBe(student.user.id);
    const stored = allDatabaseText();
    expect(stored).not.toContain(student.token);
    expect(stored).not.toContain(sessionId);

    expect((await request(sandbox.app).post('/api/auth/logout').set('Cookie', cookie)).status).toBe(204);
    expect((await request(sandbox.app).get('/api/me').set('Cookie', cookie)).status).toBe(401);
    expect(sandbox.logs.join('\n')).not.toContain(student.token);
    expect(sandbox.logs.join('\n')).not.toContain(sessionId);
  });

  it('refuses a wrong token with 401 and a clear message', async () => {
    const response = await request(sandbox.app).post('/api/auth/login').send({ token: 'fms_not-a-real-token-at-all' });
    expect(response.status).toBe(401);
    expect(response.body.error.message).toMatch(/not valid/);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a state-changing cookie request from another site', async () => {
    const student = sandbox.student();
    const login = await request(sandbox.app).post('/api/auth/login').send({ token: student.token });
    const cookie = sessionCookieOf(login).split(';')[0]!;
    const crossSite = await request(sandbox.app)
      .put('/api/me/preferences')
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example')
      .send({ locale: 'zh-CN' });
    expect(crossSite.status).toBe(403);
    const sameSite = await request(sandbox.app)
      .put('/api/me/preferences')
      .set('Cookie', cookie)
      .set('Origin', 'http://127.0.0.1')
      .set('Host', '127.0.0.1')
      .send({ locale: 'zh-CN' });
    expect(sameSite.status).toBe(200);
    expect(sameSite.body.user.locale).toBe('zh-CN');
  });
});

describe('roster and tokens', () => {
  it('imports a roster CSV: tokens shown once, per-line problems, re-import updates', async () => {
    const staff = sandbox.staff();
    const csv = `\uFEFFemail,name,section\r\nalan@uni.edu,"Turing, Alan",L1\r\nbroken,Nobody,L1\r\n${staff.user.email},Not Staff,\r\ngrace@uni.edu,Grace Hopper,\r\n`;
    const first = await request(sandbox.app).post('/api/staff/roster').set(staff.auth).send({ csv });
    expect(first.status).toBe(200);
    expect(first.body.created.map((c: { email: string }) => c.email)).toEqual(['alan@uni.edu', 'grace@uni.edu']);
    expect(first.body.created[0]).toMatchObject({ name: 'Turing, Alan', token: expect.stringMatching(/^fms_/) });
    expect(first.body.problems).toEqual(['line 3: "broken" is not an email address', `line 4: ${staff.user.email} is a staff account; it was not changed`]);
    const alanToken = first.body.created[0].token as string;
    expect((await request(sandbox.app).get('/api/me').set('Authorization', `Bearer ${alanToken}`)).body.user).toMatchObject({
      name: 'Turing, Alan',
      section: 'L1',
      role: 'student',
    });

    const second = await request(sandbox.app)
      .post('/api/staff/roster')
      .set(staff.auth)
      .send({ csv: 'email,name,section\nALAN@uni.edu,Alan Turing,L2\ngrace@uni.edu,Grace Hopper,\n' });
    expect(second.body).toEqual({ created: [], updated: ['alan@uni.edu'], problems: [] });
    // Re-import keeps the token working and shows no token again.
    expect((await request(sandbox.app).get('/api/me').set('Authorization', `Bearer ${alanToken}`)).body.user).toMatchObject({
      name: 'Alan Turing',
      section: 'L2',
    });
    expect(allDatabaseText()).not.toContain(alanToken);
  });

  it('revokes and re-issues a token: the old one stops working', async () => {
    const staff = sandbox.staff();
    const student = sandbox.student();
    const revoked = await request(sandbox.app).delete(`/api/staff/students/${student.user.id}/token`).set(staff.auth);
    expect(revoked.status).toBe(204);
    // The students table shows it as revoked, not as "none".
    const afterRevoke = (await request(sandbox.app).get('/api/staff/students').set(staff.auth)).body.students.find(
      (s: { user: { id: string } }) => s.user.id === student.user.id,
    );
    expect(afterRevoke).toMatchObject({ tokenActive: false, tokenStatus: 'revoked' });
    const refused = await request(sandbox.app).get('/api/me').set(student.auth);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_token');

    const reissued = await request(sandbox.app).post(`/api/staff/students/${student.user.id}/token`).set(staff.auth);
    expect(reissued.status).toBe(200);
    expect(reissued.body.token).not.toBe(student.token);
    expect((await request(sandbox.app).get('/api/me').set('Authorization', `Bearer ${reissued.body.token}`)).status).toBe(200);
    expect((await request(sandbox.app).get('/api/me').set(student.auth)).status).toBe(401);

    const listed = await request(sandbox.app).get('/api/staff/students').set(staff.auth);
    const row = listed.body.students.find((s: { user: { id: string } }) => s.user.id === student.user.id);
    expect(row).toMatchObject({ tokenActive: true, tokenStatus: 'active', tokensUsed: 0, requests: 0, submissions: 0 });
    expect(JSON.stringify(listed.body)).not.toContain(reissued.body.token);
  });
});
