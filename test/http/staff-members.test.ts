// Staff membership from the browser (add with a one-time sign-in link, remove; never the last
// member, also when two removals race), the roster's token export (re-issue, CSV once, old tokens
// stop working) and the page per student.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';

let sandbox: TestSandbox;
beforeEach(async () => {
  // No model is called here: the address is never dialled.
  sandbox = await createTestSandbox({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'unused', startQueue: false });
});
afterEach(async () => {
  await sandbox.stop();
});

const staffCount = () => sandbox.services.accounts.users.count('staff');

describe('staff members', () => {
  it('adds a member with a one-time sign-in link that works once', async () => {
    const sam = sandbox.staff('Sam Staff');
    const added = await request(sandbox.app).post('/api/staff/members').set(sam.auth).send({ email: 'tara.ta@uni.edu', name: 'Tara TA' }).expect(201);
    expect(added.body.member).toMatchObject({ email: 'tara.ta@uni.edu', name: 'Tara TA', role: 'staff' });
    expect(added.body.signInPath).toMatch(/^\/api\/auth\/one-time\/once_/);
    const signIn = await request(sandbox.app).get(added.body.signInPath).expect(302);
    const cookie = signIn.headers['set-cookie']![0]!.split(';')[0]!;
    await request(sandbox.app).get('/api/staff/members').set('cookie', cookie).expect(200);
    await request(sandbox.app)
      .get(added.body.signInPath)
      .expect((response) => expect(response.headers.location).toBe('/signin?link=used'));
    const members = (await request(sandbox.app).get('/api/staff/members').set(sam.auth).expect(200)).body.members;
    expect(members.map((m: { email: string; signedIn: boolean }) => [m.email, m.signedIn])).toEqual(
      expect.arrayContaining([
        ['tara.ta@uni.edu', true],
        [sam.user.email, false],
      ]),
    );
    await request(sandbox.app).post('/api/staff/members').set(sam.auth).send({ email: 'not an email', name: 'X' }).expect(400);
  });

  it('promotes an existing student instead of making a second account', async () => {
    const sam = sandbox.staff();
    const student = sandbox.student('Stu Dent');
    // The student's token was just used (and its user cached) as a student's.
    await request(sandbox.app).get('/api/staff/queue').set(student.auth).expect(403);
    const added = await request(sandbox.app)
      .post('/api/staff/members')
      .set(sam.auth)
      .send({ email: student.user.email.toUpperCase(), name: 'Whatever' })
      .expect(201);
    expect(added.body.member).toMatchObject({ id: student.user.id, role: 'staff' });
    await request(sandbox.app).get('/api/staff/queue').set(student.auth).expect(200);
  });

  it('removes a member: their token and sessions stop working at once', async () => {
    const sam = sandbox.staff('Sam Staff');
    const tara = sandbox.staff('Tara TA');
    await request(sandbox.app).get('/api/staff/queue').set(tara.auth).expect(200);
    await request(sandbox.app).delete(`/api/staff/members/${tara.user.id}`).set(sam.auth).expect(204);
    await request(sandbox.app).get('/api/staff/queue').set(tara.auth).expect(401);
    expect(await staffCount()).toBe(1);
    // The account stays (submissions and usage point at it), without the staff role.
    expect((await sandbox.services.accounts.users.get(tara.user.id))!.role).toBe('student');
    await request(sandbox.app).delete(`/api/staff/members/${tara.user.id}`).set(sam.auth).expect(404);
  });

  it('never removes the last staff member', async () => {
    const sam = sandbox.staff();
    const refused = await request(sandbox.app).delete(`/api/staff/members/${sam.user.id}`).set(sam.auth).expect(409);
    expect(refused.body.error.code).toBe('last_staff_member');
    expect(await staffCount()).toBe(1);
    await request(sandbox.app).get('/api/staff/members').set(sam.auth).expect(200);
  });

  it('two staff removing each other at the same time: exactly one removal happens', async () => {
    const sam = sandbox.staff('Sam Staff');
    const tara = sandbox.staff('Tara TA');
    const [a, b] = await Promise.all([
      request(sandbox.app).delete(`/api/staff/members/${tara.user.id}`).set(sam.auth),
      request(sandbox.app).delete(`/api/staff/members/${sam.user.id}`).set(tara.auth),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(204);
    // The loser is either refused as the last member (409) or no longer staff by the time it is checked (401/403).
    expect([401, 403, 409]).toContain(statuses[1]);
    expect(await staffCount()).toBe(1);
  });

  it('the guard holds across two connections to the database (two server processes)', async () => {
    const sam = sandbox.staff('Sam Staff');
    const tara = sandbox.staff('Tara TA');
    const other = await createTestSandbox({ dir: sandbox.dir, baseURL: 'http://127.0.0.1:9/v1', apiKey: 'unused', startQueue: false });
    try {
      const outcomes = await Promise.all([sandbox.services.staffMembers.remove(tara.user.id), other.services.staffMembers.remove(sam.user.id)]);
      expect(outcomes).toEqual(['removed', 'last']);
      expect(await staffCount()).toBe(1);
    } finally {
      await other.stop();
    }
  });
});

describe('token export', () => {
  it('re-issues the chosen students tokens, once, as CSV; the old tokens stop working', async () => {
    const sam = sandbox.staff();
    const ann = sandbox.student('=HYPERLINK("http://evil")', 'A');
    const bob = sandbox.student('Bob Beta', 'B');
    const cy = sandbox.student('Cy Without', 'B');
    await sandbox.services.accounts.credentials.revokeToken(cy.user.id);

    const exported = await request(sandbox.app)
      .post('/api/staff/tokens/export')
      .set(sam.auth)
      .send({ userIds: [ann.user.id, bob.user.id] })
      .expect(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    expect(exported.headers['cache-control']).toMatch(/no-store/);
    const lines = exported.text.trim().split('\r\n');
    expect(lines[0]).toBe('email,name,section,token');
    expect(lines).toHaveLength(3);
    // Formula-like names are defused, as in every CSV the server writes.
    expect(exported.text).toContain(`${ann.user.email},"'=HYPERLINK(""http://evil"")",A,fms_`);
    const bobToken = lines.find((line) => line.startsWith(bob.user.email))!.split(',')[3]!;
    await request(sandbox.app).get('/api/me').set('Authorization', `Bearer ${bob.token}`).expect(401);
    const me = await request(sandbox.app).get('/api/me').set('Authorization', `Bearer ${bobToken}`).expect(200);
    expect(me.body.user.id).toBe(bob.user.id);

    // "Those without an active token" picks only Cy.
    const missing = await request(sandbox.app).post('/api/staff/tokens/export').set(sam.auth).send({ withoutActiveToken: true }).expect(200);
    expect(
      missing.text
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    ).toEqual([cy.user.email]);
    await request(sandbox.app).get('/api/me').set('Authorization', `Bearer ${ann.token}`).expect(401);

    // All or nothing: an unknown or staff id re-issues nobody's token.
    const refused = await request(sandbox.app)
      .post('/api/staff/tokens/export')
      .set(sam.auth)
      .send({ userIds: [bob.user.id, sam.user.id] })
      .expect(400);
    expect(refused.body.error.message).toContain(sam.user.id);
    await request(sandbox.app).get('/api/me').set('Authorization', `Bearer ${bobToken}`).expect(200);
    await request(sandbox.app).post('/api/staff/tokens/export').set(sam.auth).send({ userIds: [] }).expect(400);
    await request(sandbox.app).post('/api/staff/tokens/export').set(bob.auth).send({ withoutActiveToken: true }).expect(401);
  });
});

describe('page per student', () => {
  it('shows submissions, drafts, usage and the token state with its dates', async () => {
    let now = Date.parse('2026-03-01T10:00:00.000Z');
    await sandbox.stop();
    sandbox = await createTestSandbox({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'unused', startQueue: false, clock: { now: () => now } });
    const sam = sandbox.staff();
    const ann = sandbox.student('Ann Alpha');
    now += 60_000;
    await request(sandbox.app)
      .put('/api/drafts/sentiment')
      .set(ann.auth)
      .send({ program: { instruction: 'draft' } })
      .expect(200);
    const page = (await request(sandbox.app).get(`/api/staff/students/${ann.user.id}`).set(sam.auth).expect(200)).body;
    expect(page.user).toMatchObject({ id: ann.user.id, name: 'Ann Alpha' });
    expect(page.token).toEqual({ status: 'active', issuedAt: '2026-03-01T10:00:00.000Z', revokedAt: null });
    expect(page.drafts).toEqual([{ taskId: 'sentiment', updatedAt: '2026-03-01T10:01:00.000Z' }]);
    expect(page.submissions).toEqual([]);
    expect(page.usage).toMatchObject({ tokensUsed: 0, requests: 0, submissions: 0, tokenActive: true });
    now += 60_000;
    await request(sandbox.app).delete(`/api/staff/students/${ann.user.id}/token`).set(sam.auth).expect(204);
    const revoked = (await request(sandbox.app).get(`/api/staff/students/${ann.user.id}`).set(sam.auth).expect(200)).body;
    expect(revoked.token).toEqual({ status: 'revoked', issuedAt: '2026-03-01T10:00:00.000Z', revokedAt: '2026-03-01T10:02:00.000Z' });
    await request(sandbox.app).get('/api/staff/students/u_nobody').set(sam.auth).expect(404);
    const never = await sandbox.services.accounts.users.create({ email: 'never@uni.edu', name: 'Never Issued', role: 'student' });
    expect((await request(sandbox.app).get(`/api/staff/students/${never.id}`).set(sam.auth).expect(200)).body.token).toEqual({
      status: 'none',
      issuedAt: null,
      revokedAt: null,
    });
  });
});
