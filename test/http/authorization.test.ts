// The authorization matrix: every route, called by an anonymous visitor, the student who owns the
// data, another student and a staff member. Each cell asserts the status, and every answer to the
// other student is checked for the owner's data (ids, email, draft, submission).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';

type Actor = 'anonymous' | 'owner' | 'other' | 'staff';
type Cell = number;
type Route = { name: string; method: 'get' | 'post' | 'put' | 'delete'; path: () => string; body?: () => unknown; expect: Record<Actor, Cell> };

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let owner: Person;
let other: Person;
let staff: Person;
let victim: Person;
let extraStaff: Person;
let submissionId: string;
const ownerDraftMarker = 'owner-draft-marker-7f3a';
// What only staff may read: the hidden cases' ids and inputs (their reviews), in any response.
const hiddenCases = loadFixtureTask('sentiment').test;
const hiddenMarkers = hiddenCases.flatMap((c) => [c.id, c.inputs.review!]);

const signedIn = (status: number): Record<Actor, Cell> => ({ anonymous: 401, owner: status, other: status, staff: status });
const staffOnly = (status: number): Record<Actor, Cell> => ({ anonymous: 401, owner: 403, other: 403, staff: status });
const ownerOrStaff: Record<Actor, Cell> = { anonymous: 401, owner: 200, other: 404, staff: 200 };
const program = { ...chatProgram };

const routes: Route[] = [
  { name: 'me', method: 'get', path: () => '/api/me', expect: signedIn(200) },
  { name: 'preferences', method: 'put', path: () => '/api/me/preferences', body: () => ({ locale: 'en' }), expect: signedIn(200) },
  { name: 'tasks', method: 'get', path: () => '/api/tasks', expect: signedIn(200) },
  { name: 'task', method: 'get', path: () => '/api/tasks/sentiment', expect: signedIn(200) },
  { name: 'task image', method: 'get', path: () => '/api/tasks/sentiment/images/x.png', expect: signedIn(404) },
  { name: 'assignments', method: 'get', path: () => '/api/assignments', expect: signedIn(200) },
  { name: 'models', method: 'get', path: () => '/api/models', expect: signedIn(200) },
  { name: 'draft get', method: 'get', path: () => '/api/drafts/sentiment', expect: signedIn(200) },
  { name: 'draft put', method: 'put', path: () => '/api/drafts/arithmetic', body: () => ({ program: { note: 'x' } }), expect: signedIn(200) },
  { name: 'render', method: 'post', path: () => '/api/render', body: () => ({ taskId: 'sentiment', program }), expect: signedIn(200) },
  { name: 'run', method: 'post', path: () => '/api/run', body: () => ({ taskId: 'sentiment', program, case: { caseId: 'dev-001' } }), expect: signedIn(200) },
  {
    name: 'run-dev',
    method: 'post',
    path: () => '/api/run-dev',
    body: () => ({ taskId: 'sentiment', program, caseIds: ['dev-001', 'dev-002'] }),
    expect: signedIn(200),
  },
  {
    name: 'classify',
    method: 'post',
    path: () => '/api/image-text/classify',
    // The upload is checked before the program: the text task has no dev image with this id.
    body: () => ({ taskId: 'sentiment', program, image: { caseId: 'dev-001' } }),
    expect: signedIn(404),
  },
  {
    name: 'retrieve',
    method: 'post',
    path: () => '/api/image-text/retrieve',
    body: () => ({ taskId: 'sentiment', program, query: 'a cat' }),
    expect: signedIn(400),
  },
  { name: 'usage', method: 'get', path: () => '/api/usage', expect: signedIn(200) },
  { name: 'submit', method: 'post', path: () => '/api/submissions', body: () => ({ taskId: 'sentiment', program }), expect: signedIn(202) },
  { name: 'submissions', method: 'get', path: () => '/api/submissions', expect: signedIn(200) },
  { name: 'submission', method: 'get', path: () => `/api/submissions/${submissionId}`, expect: ownerOrStaff },
  { name: 'submission events', method: 'get', path: () => `/api/submissions/${submissionId}/events`, expect: ownerOrStaff },
  { name: 'staff students', method: 'get', path: () => '/api/staff/students', expect: staffOnly(200) },
  { name: 'staff models (health with setup advice)', method: 'get', path: () => '/api/staff/models', expect: staffOnly(200) },
  {
    name: 'staff roster',
    method: 'post',
    path: () => '/api/staff/roster',
    body: () => ({ csv: 'email,name\nnew.person@uni.edu,New Person\n' }),
    expect: staffOnly(200),
  },
  { name: 'staff usage', method: 'get', path: () => '/api/staff/usage', expect: staffOnly(200) },
  { name: 'staff submissions', method: 'get', path: () => '/api/staff/submissions', expect: staffOnly(200) },
  { name: 'staff submission', method: 'get', path: () => `/api/staff/submissions/${submissionId}`, expect: staffOnly(200) },
  { name: 'staff grades', method: 'get', path: () => '/api/staff/grades.csv', expect: staffOnly(200) },
  { name: 'staff regrade', method: 'post', path: () => `/api/staff/submissions/${submissionId}/regrade`, expect: staffOnly(202) },
  { name: 'staff token re-issue', method: 'post', path: () => `/api/staff/students/${victim.user.id}/token`, expect: staffOnly(200) },
  { name: 'task deadline', method: 'get', path: () => '/api/tasks/sentiment/deadline', expect: signedIn(200) },
  { name: 'staff extensions', method: 'get', path: () => '/api/staff/extensions', expect: staffOnly(200) },
  {
    name: 'staff extension grant',
    method: 'put',
    path: () => '/api/staff/extensions',
    body: () => ({ userId: victim.user.id, taskId: 'sentiment', due: '2099-01-01T00:00:00Z' }),
    expect: staffOnly(200),
  },
  { name: 'staff extension revoke (none)', method: 'delete', path: () => `/api/staff/extensions/${victim.user.id}/sentiment-study`, expect: staffOnly(404) },
  { name: 'staff token revoke', method: 'delete', path: () => `/api/staff/students/${victim.user.id}/token`, expect: staffOnly(204) },
  {
    name: 'staff submissions filtered',
    method: 'get',
    path: () => `/api/staff/submissions?userId=${owner.user.id}&status=graded&sort=points`,
    expect: staffOnly(200),
  },
  { name: 'staff queue', method: 'get', path: () => '/api/staff/queue', expect: staffOnly(200) },
  { name: 'staff bulk regrade', method: 'post', path: () => '/api/staff/tasks/sentiment/regrade', expect: staffOnly(202) },
  { name: 'staff regrade jobs', method: 'get', path: () => '/api/staff/tasks/sentiment/regrade-jobs', expect: staffOnly(200) },
  { name: 'staff student page', method: 'get', path: () => `/api/staff/students/${owner.user.id}`, expect: staffOnly(200) },
  { name: 'staff members', method: 'get', path: () => '/api/staff/members', expect: staffOnly(200) },
  {
    name: 'staff member add',
    method: 'post',
    path: () => '/api/staff/members',
    body: () => ({ email: 'new.ta@uni.edu', name: 'New TA' }),
    expect: staffOnly(201),
  },
  { name: 'staff member remove', method: 'delete', path: () => `/api/staff/members/${extraStaff.user.id}`, expect: staffOnly(204) },
  { name: 'staff item analysis', method: 'get', path: () => '/api/staff/tasks/sentiment/item-analysis', expect: staffOnly(200) },
  { name: 'staff item analysis CSV', method: 'get', path: () => '/api/staff/tasks/sentiment/item-analysis.csv', expect: staffOnly(200) },
  { name: 'staff reference grading', method: 'post', path: () => '/api/staff/tasks/sentiment/reference', expect: staffOnly(202) },
  { name: 'staff similarity start', method: 'post', path: () => '/api/staff/tasks/sentiment/similarity', body: () => ({}), expect: staffOnly(202) },
  { name: 'staff similarity pairs', method: 'get', path: () => '/api/staff/tasks/sentiment/similarity', expect: staffOnly(200) },
  {
    name: 'staff similarity pair view',
    method: 'get',
    path: () => `/api/staff/tasks/sentiment/similarity/pair?a=${submissionId}&b=${submissionId}`,
    expect: staffOnly(200),
  },
  { name: 'staff analysis job (none)', method: 'get', path: () => '/api/staff/analysis-jobs/aj_none', expect: staffOnly(404) },
  { name: 'staff token export', method: 'post', path: () => '/api/staff/tokens/export', body: () => ({ userIds: [victim.user.id] }), expect: staffOnly(200) },
  { name: 'gateway models', method: 'get', path: () => '/v1/models', expect: signedIn(200) },
  { name: 'gateway model', method: 'get', path: () => '/v1/models/gpt-4o-mini', expect: signedIn(200) },
  {
    name: 'gateway responses',
    method: 'post',
    path: () => '/v1/responses',
    body: () => ({ model: 'gpt-4o-mini', input: 'Review: Great.' }),
    expect: signedIn(200),
  },
  {
    name: 'gateway chat',
    method: 'post',
    path: () => '/v1/chat/completions',
    body: () => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Review: Great.' }] }),
    expect: signedIn(200),
  },
  {
    name: 'gateway completions',
    method: 'post',
    path: () => '/v1/completions',
    body: () => ({ model: 'davinci-002', prompt: 'Review: Great.\nSentiment:' }),
    expect: signedIn(200),
  },
  { name: 'unknown API route', method: 'get', path: () => '/api/nothing-here', expect: signedIn(404) },
  { name: 'logout', method: 'post', path: () => '/api/auth/logout', expect: { anonymous: 204, owner: 204, other: 204, staff: 204 } },
  { name: 'healthz', method: 'get', path: () => '/healthz', expect: { anonymous: 200, owner: 200, other: 200, staff: 200 } },
  { name: 'readyz', method: 'get', path: () => '/readyz', expect: { anonymous: 200, owner: 200, other: 200, staff: 200 } },
];

beforeAll(async () => {
  const task = loadFixtureTask('sentiment');
  fake = await startFakeOpenAIServer({ apiKey: 'k-authz', respond: sentimentOracle(task, new Set()) });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-authz' });
  owner = sandbox.student('Olive Owner');
  other = sandbox.student('Otto Other');
  staff = sandbox.staff();
  victim = sandbox.student('Vic Victim');
  extraStaff = sandbox.staff('Extra Staff');
  await request(sandbox.app)
    .put('/api/drafts/sentiment')
    .set(owner.auth)
    .send({ program: { instruction: ownerDraftMarker } })
    .expect(200);
  const submitted = await request(sandbox.app).post('/api/submissions').set(owner.auth).send({ taskId: 'sentiment', program }).expect(202);
  submissionId = submitted.body.submission.id;
  await sandbox.services.queue.idle();
});
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

describe('authorization matrix', () => {
  const actors: Actor[] = ['anonymous', 'owner', 'other', 'staff'];
  for (const route of routes) {
    it(`${route.method.toUpperCase()} ${route.name}`, async () => {
      for (const actor of actors) {
        const person = actor === 'owner' ? owner : actor === 'other' ? other : actor === 'staff' ? staff : null;
        let pending = request(sandbox.app)[route.method](route.path());
        if (person) pending = pending.set(person.auth);
        if (route.body) pending = pending.send(route.body() as object);
        const response = await pending;
        expect(response.status, `${actor}: ${response.text.slice(0, 300)}`).toBe(route.expect[actor]);
        if (response.status >= 400 && !response.headers['content-type']?.includes('json')) throw new Error(`${actor}: an error without a JSON body`);
        if (actor === 'other' || actor === 'anonymous') {
          for (const foreign of [owner.user.id, owner.user.email, submissionId, ownerDraftMarker, owner.token]) {
            expect(response.text, `${actor} got the owner's ${foreign}`).not.toContain(foreign);
          }
        }
        if (actor === 'anonymous') expect(response.text).not.toContain('dev-001');
        // No route answers a student (their own data included) with a hidden case's id or input.
        if (actor !== 'staff') for (const marker of hiddenMarkers) expect(response.text, `${actor} got hidden ${marker}`).not.toContain(marker);
        await sandbox.services.queue.idle();
      }
    });
  }

  it('the owner sees their own submission; the other student sees an empty history; staff see both', async () => {
    const mine = await request(sandbox.app).get('/api/submissions').set(owner.auth);
    expect(mine.body.submissions.every((s: { userId: string }) => s.userId === owner.user.id)).toBe(true);
    expect(mine.body.submissions.map((s: { id: string }) => s.id)).toContain(submissionId);
    const theirs = await request(sandbox.app).get('/api/submissions').set(other.auth);
    expect(theirs.body.submissions.every((s: { userId: string }) => s.userId === other.user.id)).toBe(true);
    const all = await request(sandbox.app).get('/api/staff/submissions').set(staff.auth);
    expect(new Set(all.body.submissions.map((s: { userId: string }) => s.userId))).toEqual(new Set([owner.user.id, other.user.id, staff.user.id]));
    const draft = await request(sandbox.app).get('/api/drafts/sentiment').set(other.auth);
    expect(draft.body).toEqual({ draft: null });
  });

  it("staff read every hidden case in full (input, output, expected, score); the owner's own report has none of them", async () => {
    const full = (await request(sandbox.app).get(`/api/staff/submissions/${submissionId}`).set(staff.auth).expect(200)).body.report;
    const hidden = full.cases.filter((c: { hidden: boolean }) => c.hidden);
    expect(hidden).toHaveLength(hiddenCases.length);
    for (const testCase of hiddenCases) {
      const shown = hidden.find((c: { caseId: string }) => c.caseId === testCase.id);
      expect(shown).toMatchObject({ input: testCase.inputs.review, expected: testCase.expected, output: expect.any(String), score: expect.any(Number) });
    }
    const own = await request(sandbox.app).get(`/api/submissions/${submissionId}`).set(owner.auth).expect(200);
    expect(own.body.report.cases.every((c: { hidden: boolean }) => !c.hidden)).toBe(true);
    expect(own.body.report.counts.total).toBe(hiddenCases.length);
    for (const marker of hiddenMarkers) expect(own.text).not.toContain(marker);
    // The staff route with a student's token, and the student route with another's id, reveal nothing.
    for (const [path, person] of [
      [`/api/staff/submissions/${submissionId}`, owner],
      [`/api/submissions/${submissionId}`, other],
      [`/api/staff/students/${owner.user.id}`, owner],
    ] as const) {
      const response = await request(sandbox.app).get(path).set(person.auth);
      expect(response.status).toBeGreaterThanOrEqual(400);
      for (const marker of hiddenMarkers) expect(response.text).not.toContain(marker);
    }
  });
});
