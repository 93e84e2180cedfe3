// The attack: a student (or whoever took their token) signs in once in a browser, staff then revoke
// or re-issue the token, and the browser session made with it keeps working for the session's
// whole life: drafts, runs and submissions still accepted. A session must end with the credential
// it was made with; staff can end all of a student's sessions; sign-out ends the session on the
// server (the cookie's value no longer works, even replayed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';

const program = {
  kind: 'text',
  task: 'sentiment',
  model: 'gpt-4o-mini',
  style: 'chat',
  instruction: 'Classify the sentiment of the review as positive or negative.',
  examples: [],
  template: { input: 'Review: {input}', output: '{output}' },
  decoding: { temperature: 0, maxTokens: 4 },
  answer: { labels: { positive: ['positive'], negative: ['negative'] } },
};

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let staff: Person;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-sessions', respond: () => 'positive' });
  // No grading in the background: the test only cares whether a submission is accepted.
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-sessions', startQueue: false });
  staff = sandbox.staff();
});
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

async function signIn(token: string): Promise<string> {
  const login = await request(sandbox.app).post('/api/auth/login').send({ token });
  expect(login.status).toBe(200);
  const cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sandbox_session='))!;
  return cookie.split(';')[0]!;
}

/** What a browser session does: a draft, a run, a submission (and who am I). Statuses in order. */
async function studentWork(cookie: string): Promise<number[]> {
  const app = sandbox.app;
  return [
    (await request(app).get('/api/me').set('Cookie', cookie)).status,
    (await request(app).put('/api/drafts/sentiment').set('Cookie', cookie).send({ program })).status,
    (await request(app).get('/api/drafts/sentiment').set('Cookie', cookie)).status,
    (
      await request(app)
        .post('/api/run')
        .set('Cookie', cookie)
        .send({ taskId: 'sentiment', program, case: { caseId: 'dev-001' } })
    ).status,
    (await request(app).post('/api/submissions').set('Cookie', cookie).send({ taskId: 'sentiment', program })).status,
    (await request(app).get('/api/submissions').set('Cookie', cookie)).status,
  ];
}

const works = [200, 200, 200, 200, 202, 200];
const refused = [401, 401, 401, 401, 401, 401];

describe('sessions end with the credential', () => {
  it('revoking a token ends every browser session made with it', async () => {
    const student = sandbox.student('Rita Revoked');
    const laptop = await signIn(student.token);
    const phone = await signIn(student.token);
    expect(await studentWork(laptop)).toEqual(works);
    // The token is remembered (token-user cache) by /api and the gateway's fast lane...
    const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 };
    expect((await request(sandbox.app).get('/api/me').set(student.auth)).status).toBe(200);
    expect((await request(sandbox.app).post('/v1/chat/completions').set(student.auth).send(chat)).status).toBe(200);
    expect((await request(sandbox.app).delete(`/api/staff/students/${student.user.id}/token`).set(staff.auth)).status).toBe(204);
    expect(await studentWork(laptop)).toEqual(refused);
    expect(await studentWork(phone)).toEqual(refused);
    // ...and nothing remembered outlives the revocation.
    expect((await request(sandbox.app).get('/api/me').set(student.auth)).status).toBe(401);
    expect((await request(sandbox.app).post('/v1/chat/completions').set(student.auth).send(chat)).status).toBe(401);
  });

  it('re-issuing a token ends the sessions of the old one; the new token signs in', async () => {
    const student = sandbox.student('Ira Reissued');
    const old = await signIn(student.token);
    expect(await studentWork(old)).toEqual(works);
    const reissued = await request(sandbox.app).post(`/api/staff/students/${student.user.id}/token`).set(staff.auth);
    expect(reissued.status).toBe(200);
    expect(await studentWork(old)).toEqual(refused);
    const fresh = await signIn(reissued.body.token);
    expect((await request(sandbox.app).get('/api/me').set('Cookie', fresh)).status).toBe(200);
    // Signing in again with the old token is refused too.
    expect((await request(sandbox.app).post('/api/auth/login').send({ token: student.token })).status).toBe(401);
  });

  it('a token revoked through another connection to the database (another process) ends its sessions too', async () => {
    const student = sandbox.student('Otto Other');
    const cookie = await signIn(student.token);
    expect((await request(sandbox.app).get('/api/me').set('Cookie', cookie)).status).toBe(200);
    // Another process revokes by hand, without going through this server's accounts service.
    const { openDatabase } = await import('../../server/storage/open-database.js');
    const other = openDatabase(`${sandbox.dir}/sandbox.db`);
    other.prepare('UPDATE access_tokens SET revoked_at = ? WHERE user_id = ?').run(new Date().toISOString(), student.user.id);
    other.close();
    expect((await request(sandbox.app).get('/api/me').set('Cookie', cookie)).status).toBe(401);
    expect((await request(sandbox.app).get('/api/me').set(student.auth)).status).toBe(401);
  });

  it('a session from before sessions recorded their token ends at the next revoke too', async () => {
    const student = sandbox.student('Lena Legacy');
    const cookie = await signIn(student.token);
    // As the migration leaves a session made before it: no token recorded, origin unknown.
    sandbox.db.prepare("UPDATE sessions SET token_id = NULL, made_with = 'unknown' WHERE user_id = ?").run(student.user.id);
    expect((await request(sandbox.app).get('/api/me').set('Cookie', cookie)).status).toBe(200);
    expect((await request(sandbox.app).delete(`/api/staff/students/${student.user.id}/token`).set(staff.auth)).status).toBe(204);
    expect((await request(sandbox.app).get('/api/me').set('Cookie', cookie)).status).toBe(401);
  });

  it('a database from before the migration upgrades with its sessions marked of unknown origin', async () => {
    const Database = (await import('better-sqlite3')).default;
    const { migrations } = await import('../../server/storage/migrations.js');
    const { openDatabase } = await import('../../server/storage/open-database.js');
    const file = `${sandbox.dir}/before-sessions-migration.db`;
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const migration of migrations.filter((m) => m.id < 3)) {
      old.exec(migration.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(migration.id, migration.name, new Date().toISOString());
    }
    old.prepare("INSERT INTO users (id, email, name, role, created_at) VALUES ('u_old', 'old@example.edu', 'Old', 'student', '2026-01-01')").run();
    old.prepare("INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ('h', 'u_old', '2026-01-01', '2099-01-01')").run();
    old.close();
    const upgraded = openDatabase(file);
    expect(upgraded.prepare('SELECT user_id, token_id, made_with FROM sessions').all()).toEqual([{ user_id: 'u_old', token_id: null, made_with: 'unknown' }]);
    upgraded.close();
  });

  it("staff end all of a student's sessions; the token itself keeps working", async () => {
    const student = sandbox.student('Elsa Ended');
    const other = sandbox.student('Nils Notme');
    const one = await signIn(student.token);
    const two = await signIn(student.token);
    const bystander = await signIn(other.token);
    const ended = await request(sandbox.app).delete(`/api/staff/students/${student.user.id}/sessions`).set(staff.auth);
    expect(ended.status).toBe(200);
    expect(ended.body).toEqual({ ended: 2 });
    expect(await studentWork(one)).toEqual(refused);
    expect(await studentWork(two)).toEqual(refused);
    // Nobody else is signed out, and the student can sign in again with the same token.
    expect((await request(sandbox.app).get('/api/me').set('Cookie', bystander)).status).toBe(200);
    expect(
      (
        await request(sandbox.app)
          .get('/api/me')
          .set('Cookie', await signIn(student.token))
      ).status,
    ).toBe(200);
  });

  it('only staff can end sessions', async () => {
    const student = sandbox.student('Mo Mischief');
    const victim = sandbox.student('Val Victim');
    const victimCookie = await signIn(victim.token);
    const attempt = await request(sandbox.app).delete(`/api/staff/students/${victim.user.id}/sessions`).set(student.auth);
    expect(attempt.status).toBe(403);
    expect((await request(sandbox.app).get('/api/me').set('Cookie', victimCookie)).status).toBe(200);
  });

  it('sign-out ends the session on the server: the same cookie replayed is refused', async () => {
    const student = sandbox.student('Sue Signout');
    const cookie = await signIn(student.token);
    const other = await signIn(student.token);
    expect((await request(sandbox.app).post('/api/auth/logout').set('Cookie', cookie)).status).toBe(204);
    expect(await studentWork(cookie)).toEqual(refused);
    // Only that session: the other device stays signed in.
    expect((await request(sandbox.app).get('/api/me').set('Cookie', other)).status).toBe(200);
    const count = sandbox.db.prepare('SELECT COUNT(*) FROM sessions WHERE user_id = ?').pluck().get(student.user.id);
    expect(count).toBe(1);
  });

  it('a staff session made with a one-time code survives re-issuing that staff member\'s token, not "end sessions"', async () => {
    const teacher = sandbox.staff('Tess Teacher');
    const code = await sandbox.services.accounts.credentials.issueSignInCode(teacher.user.id, 1);
    const redeemed = await request(sandbox.app).get(`/api/auth/one-time/${code}`);
    expect(redeemed.status).toBe(302);
    const codeCookie = (redeemed.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
    const tokenCookie = await signIn(teacher.token);
    expect((await request(sandbox.app).post(`/api/staff/students/${teacher.user.id}/token`).set(staff.auth)).status).toBe(200);
    expect((await request(sandbox.app).get('/api/me').set('Cookie', tokenCookie)).status).toBe(401);
    expect((await request(sandbox.app).get('/api/me').set('Cookie', codeCookie)).status).toBe(200);
    expect((await request(sandbox.app).delete(`/api/staff/students/${teacher.user.id}/sessions`).set(staff.auth)).body).toEqual({ ended: 1 });
    expect((await request(sandbox.app).get('/api/me').set('Cookie', codeCookie)).status).toBe(401);
  });
});
