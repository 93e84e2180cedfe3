// The contract every storage adapter keeps, written once against the async ports and run on each
// adapter (store-contract.sqlite.test.ts, store-contract.postgres.test.ts). A harness gives a fresh
// database per test; `open` may be called twice on it to stand for two server instances sharing it.
// The concurrency cases are the ones a deadline hour produces: many reservations against one budget,
// many submits against one daily limit, many workers claiming from one queue.
import { beforeEach, describe, expect, it } from 'vitest';
import type { QuotaSettings } from '../../server/config.js';
import type { GradeReport } from '../../server/core/grade-report.js';
import type { StoreOptions } from '../../server/storage/postgres/postgres-stores.js';
import type { Stores } from '../../server/storage/stores.js';
import type { CallRecord } from '../../server/usage/usage-ledger.js';

export type FreshDatabase = { open(options: StoreOptions): Promise<Stores> };
export type StoreHarness = {
  /** A new empty database for one test. */
  fresh(): Promise<FreshDatabase>;
};

export const defaultQuotas: QuotaSettings = { tokenBudget: 1_000, requestBudget: 100, rateLimitPerMinute: 0, maxConcurrentRequests: 1_000 };
const START = Date.parse('2026-03-02T10:00:00.000Z');

export function testClock() {
  let now = START;
  return { now: () => now, advance: (ms: number) => void (now += ms), set: (ms: number) => void (now = ms) };
}

export function fakeReport(points: number, maxPoints: number, counts = { total: 4, errored: 0, correct: 3 }): GradeReport {
  return { points, maxPoints, metric: points / maxPoints, counts, cases: [], taskId: 't' } as unknown as GradeReport;
}

const program = { kind: 'text', instruction: 'classify', examples: [] };

export function storeContract(adapter: string, harness: StoreHarness): void {
  describe(`store contract: ${adapter}`, () => {
    let clock: ReturnType<typeof testClock>;
    let database: FreshDatabase;
    let stores: Stores;
    const opened: Stores[] = [];
    const open = async (quotas: Partial<QuotaSettings> = {}, instanceId?: string) => {
      const instance = await database.open({ clock, quotas: { ...defaultQuotas, ...quotas }, sessionDays: 14, ...(instanceId ? { instanceId } : {}) });
      opened.push(instance);
      return instance;
    };

    beforeEach(async () => {
      clock = testClock();
      database = await harness.fresh();
      stores = await open();
      return async () => {
        for (const instance of opened.splice(0)) await instance.close();
      };
    });

    const student = (email = 'ada@example.edu', name = 'Ada') => stores.users.create({ email, name, role: 'student', section: 'A' });
    const newSubmission = (userId: string, taskId = 'sentiment', extra: object = {}) => ({
      userId,
      taskId,
      taskVersion: 'v1',
      program,
      model: 'gpt2',
      maxPoints: 10,
      ...extra,
    });

    describe('users', () => {
      it('creates, finds by e-mail regardless of case, lists, updates and counts', async () => {
        const ada = await student('Ada@Example.edu');
        await stores.users.create({ email: 'staff@example.edu', name: 'Staff', role: 'staff' });
        await student('bob@example.edu', 'Bob');
        expect(ada).toEqual({ id: ada.id, email: 'Ada@Example.edu', name: 'Ada', role: 'student', section: 'A', locale: 'en' });
        expect(await stores.users.get(ada.id)).toEqual(ada);
        expect((await stores.users.byEmail('  ada@EXAMPLE.edu '))?.id).toBe(ada.id);
        expect(await stores.users.byEmail('nobody@example.edu')).toBeNull();
        expect((await stores.users.list()).map((u) => u.email)).toEqual(['staff@example.edu', 'Ada@Example.edu', 'bob@example.edu']);
        expect((await stores.users.list('student')).map((u) => u.name)).toEqual(['Ada', 'Bob']);
        expect(await stores.users.update(ada.id, { name: 'Ada L.', section: null, locale: 'zh-CN' })).toMatchObject({
          name: 'Ada L.',
          section: null,
          locale: 'zh-CN',
        });
        expect(await stores.users.count('student')).toBe(2);
        expect(await stores.users.staffHasSignedIn()).toBe(false);
        const staff = (await stores.users.list('staff'))[0]!;
        await stores.users.markSignedIn(staff.id);
        expect(await stores.users.staffHasSignedIn()).toBe(true);
      });

      it('refuses a second account with the same e-mail in another case', async () => {
        await student('ada@example.edu');
        await expect(student('ADA@example.edu')).rejects.toThrow();
        expect(await stores.users.count('student')).toBe(1);
      });
    });

    describe('credentials', () => {
      it('issues a token, re-issue revokes the old one, and revocation ends the sessions made with it', async () => {
        const ada = await student();
        expect(await stores.tokenStatus(ada.id)).toEqual({ status: 'none', issuedAt: null, revokedAt: null });
        const first = await stores.credentials.issueToken(ada.id);
        expect(await stores.credentials.userIdForToken(first)).toBe(ada.id);
        const active = await stores.credentials.activeToken(first);
        expect(active?.userId).toBe(ada.id);
        const tokenSession = await stores.credentials.createSession(ada.id, { kind: 'token', tokenId: active!.tokenId });
        const codeSession = await stores.credentials.createSession(ada.id, { kind: 'code' });
        expect(await stores.credentials.userIdForSession(tokenSession.id)).toBe(ada.id);

        clock.advance(1000);
        const second = await stores.credentials.issueToken(ada.id);
        expect(await stores.credentials.userIdForToken(first)).toBeNull();
        expect(await stores.credentials.userIdForToken(second)).toBe(ada.id);
        expect(await stores.credentials.userIdForSession(tokenSession.id)).toBeNull();
        expect(await stores.credentials.userIdForSession(codeSession.id)).toBe(ada.id);
        expect((await stores.tokenStatus(ada.id)).status).toBe('active');

        expect(await stores.credentials.revokeToken(ada.id)).toBe(true);
        expect(await stores.credentials.revokeToken(ada.id)).toBe(false);
        expect(await stores.tokenStatus(ada.id)).toMatchObject({ status: 'revoked', revokedAt: new Date(clock.now()).toISOString() });
        expect(await stores.credentials.endSessions(ada.id)).toBe(1);
        expect(await stores.credentials.userIdForSession(codeSession.id)).toBeNull();
      });

      it("everyone's token status in one read agrees with each person's own", async () => {
        const [ada, bob, cy] = [await student(), await student('bob@example.edu', 'Bob'), await student('cy@example.edu', 'Cy')];
        await stores.credentials.issueToken(ada.id);
        clock.advance(1000);
        await stores.credentials.issueToken(ada.id);
        await stores.credentials.issueToken(bob.id);
        clock.advance(1000);
        await stores.credentials.revokeToken(bob.id);
        const all = await stores.tokenStatusByUser();
        expect([...all.keys()].sort()).toEqual([ada.id, bob.id].sort());
        for (const who of [ada, bob]) expect(all.get(who.id)).toEqual(await stores.tokenStatus(who.id));
        expect(all.get(ada.id)?.status).toBe('active');
        expect(all.get(bob.id)?.status).toBe('revoked');
        expect(await stores.tokenStatus(cy.id)).toMatchObject({ status: 'none' });
      });

      it('a revocation by one instance is seen by another at once', async () => {
        const ada = await student();
        const token = await stores.credentials.issueToken(ada.id);
        const other = await open();
        expect(await other.credentials.userIdForToken(token)).toBe(ada.id);
        await stores.credentials.revokeToken(ada.id);
        expect(await other.credentials.userIdForToken(token)).toBeNull();
      });

      it('sessions expire and can be deleted', async () => {
        const ada = await student();
        const session = await stores.credentials.createSession(ada.id, { kind: 'code' });
        expect(session.expiresAt).toBe(clock.now() + 14 * 86_400_000);
        const other = await stores.credentials.createSession(ada.id, { kind: 'code' });
        await stores.credentials.deleteSession(other.id);
        expect(await stores.credentials.userIdForSession(other.id)).toBeNull();
        clock.advance(14 * 86_400_000);
        expect(await stores.credentials.userIdForSession(session.id)).toBeNull();
      });

      it('a sign-in code works once, before it expires, and a new one voids the old', async () => {
        const ada = await student();
        const code = await stores.credentials.issueSignInCode(ada.id, 1);
        const voided = await stores.credentials.issueSignInCode(ada.id, 1);
        expect(await stores.credentials.redeemSignInCode(code)).toBeNull();
        expect(await stores.credentials.redeemSignInCode(voided)).toBe(ada.id);
        expect(await stores.credentials.redeemSignInCode(voided)).toBeNull();
        const late = await stores.credentials.issueSignInCode(ada.id, 1);
        clock.advance(3_600_000);
        expect(await stores.credentials.redeemSignInCode(late)).toBeNull();
        const raced = await stores.credentials.issueSignInCode(ada.id, 1);
        const results = await Promise.all(Array.from({ length: 10 }, () => stores.credentials.redeemSignInCode(raced)));
        expect(results.filter((r) => r === ada.id)).toHaveLength(1);
      });
    });

    describe('staff members, roster and token re-issue', () => {
      it('adds (creating or promoting), lists, and never removes the last staff member', async () => {
        const ada = await student();
        const added = await stores.staffMembers.add({ email: 'ADA@example.edu', name: 'ignored' });
        expect(added.member).toMatchObject({ id: ada.id, role: 'staff' });
        expect(await stores.credentials.redeemSignInCode(added.code)).toBe(ada.id);
        const { member: grace } = await stores.staffMembers.add({ email: 'grace@example.edu', name: 'Grace' });
        await stores.users.markSignedIn(grace.id);
        expect((await stores.staffMembers.list()).map((m) => [m.email, m.signedIn])).toEqual([
          ['ada@example.edu', false],
          ['grace@example.edu', true],
        ]);
        const token = await stores.credentials.issueToken(grace.id);
        expect(await stores.staffMembers.remove(grace.id)).toBe('removed');
        expect(await stores.credentials.userIdForToken(token)).toBeNull();
        expect(await stores.staffMembers.remove(grace.id)).toBe('not-staff');
        expect(await stores.staffMembers.remove(ada.id)).toBe('last');
      });

      it('two removals racing from two instances leave one staff member', async () => {
        const a = await stores.staffMembers.add({ email: 'a@example.edu', name: 'A' });
        const b = await stores.staffMembers.add({ email: 'b@example.edu', name: 'B' });
        const other = await open();
        const outcomes = await Promise.all([stores.staffMembers.remove(a.member.id), other.staffMembers.remove(b.member.id)]);
        expect(outcomes.sort()).toEqual(['last', 'removed']);
        expect(await stores.users.count('staff')).toBe(1);
      });

      it('imports a roster (new students get tokens, known ones are updated, staff untouched) and re-issues tokens together', async () => {
        await stores.users.create({ email: 'staff@example.edu', name: 'Staff', role: 'staff' });
        const known = await student('known@example.edu', 'Known');
        const result = await stores.importRoster(
          'email,name,section\nnew@example.edu,New Student,B\nknown@example.edu,Known Renamed,A\nstaff@example.edu,Staff,A\n',
        );
        expect(result.created.map((c) => c.email)).toEqual(['new@example.edu']);
        expect(result.updated).toEqual(['known@example.edu']);
        expect(result.problems).toEqual([expect.stringContaining('staff@example.edu is a staff account')]);
        const created = await stores.users.byEmail('new@example.edu');
        expect(await stores.credentials.userIdForToken(result.created[0]!.token)).toBe(created!.id);
        expect((await stores.users.get(known.id))?.name).toBe('Known Renamed');

        const tokens = await stores.reissueTokens([created!.id, known.id]);
        expect(tokens).toHaveLength(2);
        expect(await stores.credentials.userIdForToken(result.created[0]!.token)).toBeNull();
        expect(await stores.credentials.userIdForToken(tokens[1]!)).toBe(known.id);
        // All or nothing: an unknown user id fails the whole re-issue.
        await expect(stores.reissueTokens([created!.id, 'u_missing'])).rejects.toThrow();
        expect(await stores.credentials.userIdForToken(tokens[0]!)).toBe(created!.id);
      });
    });

    describe('drafts and the response cache', () => {
      it('keeps one draft per student and task, newest first', async () => {
        const ada = await student();
        expect(await stores.drafts.get(ada.id, 'sentiment')).toBeNull();
        await stores.drafts.put(ada.id, 'sentiment', { instruction: 'one' });
        clock.advance(1000);
        const saved = await stores.drafts.put(ada.id, 'topics', { instruction: 'two' });
        clock.advance(1000);
        await stores.drafts.put(ada.id, 'sentiment', { instruction: 'three', nested: { a: [1, 2] } });
        expect(await stores.drafts.get(ada.id, 'sentiment')).toEqual({
          program: { instruction: 'three', nested: { a: [1, 2] } },
          updatedAt: new Date(clock.now()).toISOString(),
        });
        expect(await stores.drafts.listOf(ada.id)).toEqual([
          { taskId: 'sentiment', updatedAt: new Date(clock.now()).toISOString() },
          { taskId: 'topics', updatedAt: saved.updatedAt },
        ]);
      });

      it('caches values by key, replaced on set, shared between instances', async () => {
        expect(await stores.responseCache.get('k')).toBeUndefined();
        await stores.responseCache.set('k', { text: 'positive', usage: { promptTokens: 3 } });
        await stores.responseCache.set('k', { text: 'negative' });
        const other = await open();
        expect(await other.responseCache.get('k')).toEqual({ text: 'negative' });
      });
    });

    describe('extensions', () => {
      it('grants, replaces, lists, revokes, and audits every change', async () => {
        const ada = await student();
        const bob = await student('bob@example.edu', 'Bob');
        const grant = { userId: ada.id, taskId: 'sentiment', due: '2026-03-10T00:00:00.000Z', cutoff: null, note: 'ill' };
        expect(await stores.extensions.grant(grant, 'staff@example.edu')).toEqual({
          ...grant,
          grantedBy: 'staff@example.edu',
          grantedAt: new Date(clock.now()).toISOString(),
        });
        await stores.extensions.grant({ ...grant, due: '2026-03-12T00:00:00.000Z', cutoff: '2026-03-13T00:00:00.000Z' }, 'cli:root');
        await stores.extensions.grant({ ...grant, userId: bob.id, taskId: 'topics' }, 'cli:root');
        expect((await stores.extensions.get(ada.id, 'sentiment'))?.cutoff).toBe('2026-03-13T00:00:00.000Z');
        expect((await stores.extensions.list()).map((e) => e.taskId)).toEqual(['sentiment', 'topics']);
        expect(await stores.extensions.list({ userId: bob.id })).toHaveLength(1);
        expect(await stores.extensions.revoke(ada.id, 'sentiment', 'cli:root')).toBe(true);
        expect(await stores.extensions.revoke(ada.id, 'sentiment', 'cli:root')).toBe(false);
        const audit = await stores.extensions.audit({ userId: ada.id });
        expect(audit.map((a) => [a.action, a.actor, a.due])).toEqual([
          ['grant', 'staff@example.edu', '2026-03-10T00:00:00.000Z'],
          ['grant', 'cli:root', '2026-03-12T00:00:00.000Z'],
          ['revoke', 'cli:root', null],
        ]);
        expect(audit[0]!.id).toBeLessThan(audit[1]!.id);
        expect(await stores.extensions.audit()).toHaveLength(4);
      });
    });

    describe('analysis jobs', () => {
      it('runs one job per task and kind, records progress and the result, fails the interrupted', async () => {
        const staff = await stores.users.create({ email: 's@example.edu', name: 'S', role: 'staff' });
        const job = { taskId: 'sentiment', kind: 'similarity' as const, params: { threshold: 0.8 }, requestedBy: staff.id };
        const first = await stores.analysisJobs.start(job);
        expect(first.created).toBe(true);
        expect(first.job).toMatchObject({ state: 'running', done: 0, total: 0, params: { threshold: 0.8 }, result: null });
        const again = await stores.analysisJobs.start(job);
        expect(again).toEqual({ job: first.job, created: false });
        await stores.analysisJobs.progress(first.job.id, 3, 10);
        expect(await stores.analysisJobs.get(first.job.id)).toMatchObject({ done: 3, total: 10 });
        clock.advance(1000);
        await stores.analysisJobs.finish(first.job.id, { pairs: [] });
        expect(await stores.analysisJobs.latest('sentiment', 'similarity', { done: true })).toMatchObject({ state: 'done', result: { pairs: [] } });

        clock.advance(1000);
        const second = await stores.analysisJobs.start(job);
        expect(second.created).toBe(true);
        expect((await stores.analysisJobs.latest('sentiment', 'similarity'))?.id).toBe(second.job.id);
        expect((await stores.analysisJobs.latest('sentiment', 'similarity', { done: true }))?.id).toBe(first.job.id);
        await stores.analysisJobs.fail(second.job.id, 'interrupted');
        expect(await stores.analysisJobs.get(second.job.id)).toMatchObject({ state: 'failed', error: 'interrupted' });
        const third = await stores.analysisJobs.start({ ...job, kind: 'reference' });
        await stores.analysisJobs.fail(third.job.id, 'no reference');
        await stores.analysisJobs.finish(third.job.id, { late: true });
        expect(await stores.analysisJobs.get(third.job.id)).toMatchObject({ state: 'failed', result: null, error: 'no reference' });
        expect(await stores.analysisJobs.get('aj_missing')).toBeNull();
      });

      it('a start fails only the running jobs of instances that are gone', async () => {
        const staff = await stores.users.create({ email: 's@example.edu', name: 'S', role: 'staff' });
        const a = await open({}, 'jobs-a');
        const b = await open({}, 'jobs-b');
        await a.instances.beat({ id: 'jobs-a', role: 'web' }, clock.now(), 30_000);
        const live = await a.analysisJobs.start({ taskId: 'sentiment', kind: 'similarity', params: {}, requestedBy: staff.id });
        const orphan = await b.analysisJobs.start({ taskId: 'sentiment', kind: 'reference', params: {}, requestedBy: staff.id });
        expect(await b.analysisJobs.failAbandoned('interrupted', clock.now())).toBe(1);
        expect(await b.analysisJobs.get(live.job.id)).toMatchObject({ state: 'running' });
        expect(await b.analysisJobs.get(orphan.job.id)).toMatchObject({ state: 'failed', error: 'interrupted' });
        clock.advance(30_001);
        expect(await b.analysisJobs.failAbandoned('interrupted', clock.now())).toBe(1);
        expect(await b.analysisJobs.get(live.job.id)).toMatchObject({ state: 'failed' });
      });

      it('concurrent starts from two instances make one job', async () => {
        const staff = await stores.users.create({ email: 's@example.edu', name: 'S', role: 'staff' });
        const other = await open();
        const job = { taskId: 'sentiment', kind: 'reference' as const, params: {}, requestedBy: staff.id };
        const results = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? other : stores).analysisJobs.start(job)));
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
      });
    });

    describe('submissions', () => {
      it('creates, reads back, and lists newest first without program or report', async () => {
        const ada = await student();
        const bob = await student('bob@example.edu', 'Bob');
        const { submission, remainingToday } = await stores.submissions.create(
          newSubmission(ada.id, 'sentiment', { lateness: { status: 'late', lateMs: 3 * 86_400_000, penaltyPercent: 20 } }),
          null,
        );
        expect(remainingToday).toBeNull();
        expect(submission).toMatchObject({
          userId: ada.id,
          taskId: 'sentiment',
          program,
          status: 'queued',
          attempts: 0,
          points: null,
          report: null,
          lateStatus: 'late',
          lateMs: 3 * 86_400_000,
          penaltyPercent: 20,
          createdAt: new Date(clock.now()).toISOString(),
          regrade: null,
        });
        expect(await stores.submissions.get(submission.id)).toEqual(submission);
        clock.advance(1000);
        await stores.submissions.create(newSubmission(bob.id, 'topics'), null);
        clock.advance(1000);
        const third = (await stores.submissions.create(newSubmission(ada.id, 'topics'), null)).submission;
        const all = await stores.submissions.list({});
        expect(all.map((s) => s.id)[0]).toBe(third.id);
        expect(all).toHaveLength(3);
        expect(all[0]).not.toHaveProperty('report');
        expect(all[0]).not.toHaveProperty('program');
        expect(await stores.submissions.list({ userId: ada.id, taskId: 'topics' })).toHaveLength(1);
        expect(await stores.submissions.countByUser()).toEqual(
          new Map([
            [ada.id, 2],
            [bob.id, 1],
          ]),
        );
        expect(await stores.submissions.get('s_missing')).toBeNull();
      });

      it('enforces the daily limit, counting program failures but not infrastructure ones, and resets at UTC midnight', async () => {
        const ada = await student();
        const limit = { perDay: 2, taskTitle: 'Sentiment' };
        const first = await stores.submissions.create(newSubmission(ada.id), limit);
        expect(first.remainingToday).toBe(1);
        const claimed = (await stores.submissions.claimNext())!;
        expect(await stores.submissions.fail(claimed.id, claimed.lease!, { kind: 'infrastructure', reason: 'provider down', message: 'sorry' })).toBe(true);
        expect(await stores.submissions.countToday(ada.id, 'sentiment')).toBe(0);
        await stores.submissions.create(newSubmission(ada.id), limit);
        const second = (await stores.submissions.claimNext())!;
        await stores.submissions.fail(second.id, second.lease!, { kind: 'program', reason: 'bad regex', message: 'fix it' });
        expect((await stores.submissions.create(newSubmission(ada.id), limit)).remainingToday).toBe(0);
        const refused = stores.submissions.create(newSubmission(ada.id), limit);
        await expect(refused).rejects.toMatchObject({ code: 'submission_limit', details: { perDay: 2, usedToday: 2, resetsAt: '2026-03-03T00:00:00.000Z' } });
        await expect(refused).rejects.toThrow(/all 2 submissions for "Sentiment" today.*in 14 h 0 min/);
        clock.set(Date.parse('2026-03-03T00:00:01.000Z'));
        expect((await stores.submissions.create(newSubmission(ada.id), limit)).remainingToday).toBe(1);
      });

      it('a daily limit holds under concurrent submits from two instances', async () => {
        const ada = await student();
        const other = await open();
        const limit = { perDay: 5, taskTitle: 'Sentiment' };
        const results = await Promise.allSettled(
          Array.from({ length: 24 }, (_, i) => (i % 2 ? other : stores).submissions.create(newSubmission(ada.id), limit)),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
        expect(results.filter((r) => r.status === 'rejected').every((r) => (r.reason as { code?: string }).code === 'submission_limit')).toBe(true);
        expect(await stores.submissions.countToday(ada.id, 'sentiment')).toBe(5);
      });

      it('claims in order (fewest attempts, oldest, re-grades last), grades with the late penalty, guards every change by lease', async () => {
        const ada = await student();
        const a = (await stores.submissions.create(newSubmission(ada.id), null)).submission;
        clock.advance(1000);
        const b = (
          await stores.submissions.create(newSubmission(ada.id, 'sentiment', { lateness: { status: 'late', lateMs: 60_000, penaltyPercent: 25 } }), null)
        ).submission;
        expect(await stores.submissions.hasQueued()).toBe(true);
        const first = (await stores.submissions.claimNext())!;
        expect(first).toMatchObject({ id: a.id, status: 'grading', attempts: 1 });
        expect(await stores.submissions.release(first.id, first.lease!)).toBe(true);
        expect(await stores.submissions.release(first.id, first.lease!)).toBe(false);
        // a has used an attempt: b (none yet) goes first.
        const second = (await stores.submissions.claimNext())!;
        expect(second.id).toBe(b.id);
        expect(await stores.submissions.complete(second.id, 'lease_wrong', fakeReport(8, 10))).toBe(false);
        expect(await stores.submissions.complete(second.id, second.lease!, fakeReport(8, 10))).toBe(true);
        expect(await stores.submissions.complete(second.id, second.lease!, fakeReport(9, 10))).toBe(false);
        const graded = (await stores.submissions.get(b.id))!;
        expect(graded).toMatchObject({
          status: 'graded',
          lease: null,
          gradeCount: 1,
          points: 8,
          finalPoints: 6,
          metric: 0.8,
          counts: { total: 4, errored: 0, correct: 3 },
          report: fakeReport(8, 10),
          gradedAt: new Date(clock.now()).toISOString(),
        });

        const third = (await stores.submissions.claimNext())!;
        expect(third).toMatchObject({ id: a.id, attempts: 2 });
        expect(await stores.submissions.unclaim(third.id, third.lease!)).toBe(true);
        expect((await stores.submissions.get(a.id))?.attempts).toBe(1);

        // A staff re-grade goes back to the queue behind students' work and remembers the result it replaces.
        clock.advance(1000);
        const requeued = (await stores.submissions.requeue(b.id))!;
        expect(requeued).toMatchObject({
          status: 'queued',
          attempts: 0,
          regrade: { at: new Date(clock.now()).toISOString(), previousStatus: 'graded', previousPoints: 8 },
        });
        expect(await stores.submissions.requeue(b.id)).toBeNull();
        expect((await stores.submissions.claimNext())?.id).toBe(a.id);
        expect((await stores.submissions.claimNext())?.id).toBe(b.id);
        expect(await stores.submissions.claimNext()).toBeNull();
        expect(await stores.submissions.hasQueued()).toBe(false);
      });

      it('workers claiming at once from two instances never take the same submission', async () => {
        const ada = await student();
        for (let i = 0; i < 20; i++) {
          await stores.submissions.create(newSubmission(ada.id), null);
          clock.advance(10);
        }
        const other = await open();
        const claims = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? other : stores).submissions.claimNext()));
        const ids = claims.filter((c) => c !== null).map((c) => c.id);
        expect(ids).toHaveLength(20);
        expect(new Set(ids).size).toBe(20);
      });

      it('at start re-queues interrupted gradings and gives up on those out of attempts', async () => {
        const ada = await student();
        const a = (await stores.submissions.create(newSubmission(ada.id), null)).submission;
        await stores.submissions.claimNext();
        expect(await stores.submissions.requeueInterrupted()).toEqual({ requeued: 1, failed: [] });
        expect(await stores.submissions.claimNext()).toMatchObject({ id: a.id, attempts: 2 });
        clock.advance(10);
        const b = (await stores.submissions.create(newSubmission(ada.id), null)).submission;
        expect(await stores.submissions.claimNext()).toMatchObject({ id: b.id, attempts: 1 });
        const result = await stores.submissions.requeueInterrupted(2);
        expect(result.failed).toEqual([a.id]);
        expect(result.requeued).toBe(1);
        expect(await stores.submissions.get(a.id)).toMatchObject({
          status: 'failed',
          failureKind: 'infrastructure',
          failureReason: expect.stringContaining('interrupted 2 times'),
        });
        expect((await stores.submissions.get(b.id))?.status).toBe('queued');
      });

      it('rewrites lateness and final points only where they change', async () => {
        const ada = await student();
        const a = (await stores.submissions.create(newSubmission(ada.id), null)).submission;
        const claimed = (await stores.submissions.claimNext())!;
        await stores.submissions.complete(claimed.id, claimed.lease!, fakeReport(10, 10));
        const b = (await stores.submissions.create(newSubmission(ada.id), null)).submission;
        const late = { status: 'late' as const, lateMs: 7_200_000, penaltyPercent: 10 };
        expect(
          await stores.submissions.setLateness([
            { id: a.id, lateness: late },
            { id: b.id, lateness: late },
          ]),
        ).toBe(2);
        expect(await stores.submissions.setLateness([{ id: a.id, lateness: late }])).toBe(0);
        expect(await stores.submissions.get(a.id)).toMatchObject({ lateStatus: 'late', lateMs: 7_200_000, penaltyPercent: 10, finalPoints: 9 });
        expect((await stores.submissions.get(b.id))?.finalPoints).toBeNull();
      });
    });

    describe('submission search and bulk re-grades', () => {
      it('pages, filters and sorts the staff list; shows the queue', async () => {
        const ada = await student('ada@example.edu', 'ada');
        const bob = await student('bob@example.edu', 'Bob');
        const ids: string[] = [];
        for (const [user, task] of [
          [ada, 'sentiment'],
          [bob, 'sentiment'],
          [ada, 'topics'],
          [bob, 'topics'],
        ] as const) {
          ids.push((await stores.submissions.create(newSubmission(user.id, task), null)).submission.id);
          clock.advance(60_000);
        }
        // Grade the first two: 4 and 7 points; fail the third.
        for (const points of [4, 7]) {
          const claimed = (await stores.submissions.claimNext())!;
          await stores.submissions.complete(claimed.id, claimed.lease!, fakeReport(points, 10));
        }
        const third = (await stores.submissions.claimNext())!;
        await stores.submissions.fail(third.id, third.lease!, { kind: 'infrastructure', reason: 'down', message: 'sorry' });
        const query = { sort: 'createdAt', order: 'desc', page: 1, pageSize: 2 } as const;
        const page1 = await stores.submissionSearch.page(query);
        expect(page1.total).toBe(4);
        expect(page1.rows.map((r) => r.id)).toEqual([ids[3], ids[2]]);
        expect((await stores.submissionSearch.page({ ...query, page: 2 })).rows.map((r) => r.id)).toEqual([ids[1], ids[0]]);
        const byPoints = await stores.submissionSearch.page({ ...query, sort: 'points', pageSize: 10 });
        expect(byPoints.rows.map((r) => r.id)).toEqual([ids[1], ids[0], ids[3], ids[2]]);
        const byPointsAsc = await stores.submissionSearch.page({ ...query, sort: 'points', order: 'asc', pageSize: 10 });
        expect(byPointsAsc.rows.map((r) => r.id).slice(0, 2)).toEqual([ids[0], ids[1]]);
        const byStudent = await stores.submissionSearch.page({ ...query, sort: 'student', order: 'asc', pageSize: 10 });
        expect(byStudent.rows.map((r) => r.userId)).toEqual([ada.id, ada.id, bob.id, bob.id]);
        expect(byStudent.rows.map((r) => r.id)).toEqual([ids[2], ids[0], ids[3], ids[1]]);
        const filtered = await stores.submissionSearch.page({ ...query, pageSize: 10, taskId: 'sentiment', status: 'graded', userId: bob.id });
        expect(filtered.rows.map((r) => r.id)).toEqual([ids[1]]);
        const ranged = await stores.submissionSearch.page({ ...query, pageSize: 10, from: '2026-03-02T10:01:00.000Z', to: '2026-03-02' });
        expect(ranged.total).toBe(3);

        const view = await stores.submissionSearch.queue({ failedLimit: 10 });
        expect(view.queued.map((r) => r.id)).toEqual([ids[3]]);
        expect(view.grading).toEqual([]);
        expect(view.failed.map((r) => r.id)).toEqual([ids[2]]);
        expect(view.failed[0]?.startedAt).toEqual(expect.any(String));
        expect(view.failedTotal).toBe(1);
      });

      it('a bulk re-grade re-queues the graded and failed submissions of a task and reports old and new points', async () => {
        const staff = await stores.users.create({ email: 's@example.edu', name: 'S', role: 'staff' });
        const ada = await student();
        const graded = (await stores.submissions.create(newSubmission(ada.id), null)).submission;
        let claimed = (await stores.submissions.claimNext())!;
        await stores.submissions.complete(claimed.id, claimed.lease!, fakeReport(5, 10));
        clock.advance(1000);
        const failed = (await stores.submissions.create(newSubmission(ada.id), null)).submission;
        claimed = (await stores.submissions.claimNext())!;
        await stores.submissions.fail(claimed.id, claimed.lease!, { kind: 'program', reason: 'x', message: 'y' });
        await stores.submissions.create(newSubmission(ada.id), null);
        await stores.submissions.create(newSubmission(ada.id, 'topics'), null);

        const job = await stores.regradeJobs.start('sentiment', staff.id);
        expect(job.items).toEqual([
          { submissionId: graded.id, userId: ada.id, oldStatus: 'graded', oldPoints: 5, status: 'queued', points: null },
          { submissionId: failed.id, userId: ada.id, oldStatus: 'failed', oldPoints: null, status: 'queued', points: null },
        ]);
        const regrade = (await stores.submissions.claimNext())!;
        expect(regrade.regrade).toBeNull(); // the students' queued submission goes first
        let next = await stores.submissions.claimNext();
        while (next && next.id !== graded.id) next = await stores.submissions.claimNext();
        await stores.submissions.complete(next!.id, next!.lease!, fakeReport(9, 10));
        const read = (await stores.regradeJobs.get(job.id))!;
        expect(read.items[0]).toMatchObject({ oldPoints: 5, status: 'graded', points: 9 });
        clock.advance(1000);
        const empty = await stores.regradeJobs.start('nothing', staff.id);
        expect(empty.items).toEqual([]);
        expect((await stores.regradeJobs.ofTask('sentiment', 10)).map((j) => j.id)).toEqual([job.id]);
        expect(await stores.regradeJobs.get('rj_missing')).toBeNull();
      });
    });

    describe('grading leases', () => {
      // Leases run on real time (stores.ts), so expiry is made with a 1 ms lease and a short real wait;
      // a lease that must stay live gets a minute.
      const LIVE = 60_000;
      const settings = (leaseMs: number, maxAttempts = 3) => ({ leaseMs, maxAttempts });
      const expire = () => new Promise((resolve) => setTimeout(resolve, 25));
      const queue = async (count: number) => {
        const ada = await student();
        const ids: string[] = [];
        for (let i = 0; i < count; i++) {
          ids.push((await stores.submissions.create(newSubmission(ada.id), null)).submission.id);
          clock.advance(1000);
        }
        return ids;
      };

      it('claims oldest first; a live lease is never taken, an expired one is taken back by another instance and its late writes are ignored', async () => {
        const [first, second] = await queue(2);
        const other = await open();
        const a = await stores.gradingLeases.claimNext(settings(LIVE));
        expect(a).toEqual({ claimed: { id: first, lease: expect.any(String) }, reclaimed: 0, failed: [] });
        // A live lease is not taken; B's (1 ms) runs out while B "crashes".
        expect(await other.gradingLeases.claimNext(settings(LIVE))).toMatchObject({ claimed: { id: second }, reclaimed: 0, failed: [] });
        expect(await other.gradingLeases.claimNext(settings(LIVE))).toEqual({ claimed: null, reclaimed: 0, failed: [] });
        const b = await other.gradingLeases.claimById(second!, 1);
        expect(b?.id).toBe(second);
        await expire();
        const again = await stores.gradingLeases.claimNext(settings(LIVE));
        expect(again).toMatchObject({ claimed: { id: second }, reclaimed: 1, failed: [] });
        expect(again.claimed!.lease).not.toBe(b!.lease);
        expect(await stores.submissions.get(second!)).toMatchObject({ status: 'grading', attempts: 3, lease: again.claimed!.lease });
        expect(await stores.submissions.get(first!)).toMatchObject({ status: 'grading', attempts: 1, lease: a.claimed!.lease });
        // The worker that lost the lease finds out at its next heartbeat, and its grade is not written.
        expect(await other.gradingLeases.heartbeat(second!, b!.lease, LIVE)).toBe(false);
        expect(await other.submissions.complete(second!, b!.lease, fakeReport(3, 10))).toBe(false);
        expect(await stores.gradingLeases.heartbeat(second!, again.claimed!.lease, LIVE)).toBe(true);
        expect(await stores.submissions.complete(second!, again.claimed!.lease, fakeReport(7, 10))).toBe(true);
        expect(await stores.gradingLeases.heartbeat(second!, again.claimed!.lease, LIVE)).toBe(false);
        expect(await other.submissions.get(second!)).toMatchObject({ status: 'graded', points: 7, gradeCount: 1 });
      });

      it('a heartbeat renews a lease past its expiry until it is taken back', async () => {
        const [id] = await queue(1);
        const other = await open();
        const claim = (await stores.gradingLeases.claimNext(settings(1))).claimed!;
        await expire();
        expect(await stores.gradingLeases.heartbeat(id!, claim.lease, LIVE)).toBe(true);
        expect(await other.gradingLeases.claimNext(settings(LIVE))).toEqual({ claimed: null, reclaimed: 0, failed: [] });
        expect(await other.gradingLeases.heartbeat(id!, 'lease_wrong', LIVE)).toBe(false);
        expect(await stores.submissions.get(id!)).toMatchObject({ status: 'grading', attempts: 1, lease: claim.lease });
      });

      it('a submission whose every attempt expired ends failed (infrastructure) and dead-lettered', async () => {
        const [id, later] = await queue(2);
        const first = await stores.gradingLeases.claimNext(settings(1, 2));
        expect(first.claimed?.id).toBe(id);
        await expire();
        // Taken back with one attempt used: it now goes after the untried one.
        const second = await stores.gradingLeases.claimNext(settings(LIVE, 2));
        expect(second).toMatchObject({ claimed: { id: later }, reclaimed: 1, failed: [] });
        const third = await stores.gradingLeases.claimNext(settings(1, 2));
        expect(third).toMatchObject({ claimed: { id }, reclaimed: 0, failed: [] });
        await expire();
        const last = await stores.gradingLeases.claimNext(settings(LIVE, 2));
        expect(last).toEqual({ claimed: null, reclaimed: 0, failed: [id] });
        expect(await stores.submissions.get(id!)).toMatchObject({
          status: 'failed',
          attempts: 2,
          lease: null,
          failureKind: 'infrastructure',
          failureReason: expect.stringContaining('grading was interrupted 2 times'),
          gradedAt: expect.any(String),
        });
        const dead = await stores.gradingLeases.deadLetters([id!, later!]);
        expect([...dead.keys()]).toEqual([id]);
        expect(dead.get(id!)).toEqual({ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), reason: expect.stringContaining('every attempt was interrupted') });
        expect(await stores.submissions.get(later!)).toMatchObject({ status: 'grading', attempts: 1 });
      });

      it('claims a given submission, queued or still grading under an older lease, never a finished one', async () => {
        const [queued, graded] = await queue(2);
        const missing = 's_missing';
        const byId = (await stores.gradingLeases.claimById(queued!, LIVE))!;
        expect(byId).toEqual({ id: queued, lease: expect.any(String) });
        const other = await open();
        const retaken = (await other.gradingLeases.claimById(queued!, LIVE))!;
        expect(retaken.lease).not.toBe(byId.lease);
        expect(await stores.gradingLeases.heartbeat(queued!, byId.lease, LIVE)).toBe(false);
        expect(await stores.submissions.fail(queued!, byId.lease, { kind: 'infrastructure', reason: 'x', message: 'y' })).toBe(false);
        expect(await stores.submissions.get(queued!)).toMatchObject({ status: 'grading', attempts: 2, lease: retaken.lease });
        const done = (await stores.gradingLeases.claimById(graded!, LIVE))!;
        await stores.submissions.complete(graded!, done.lease, fakeReport(5, 10));
        expect(await stores.gradingLeases.claimById(graded!, LIVE)).toBeNull();
        expect(await stores.gradingLeases.claimById(missing, LIVE)).toBeNull();
        expect(await stores.submissions.get(graded!)).toMatchObject({ status: 'graded', attempts: 1 });
      });

      it('a dead letter fails a queued or grading submission and marks it; a finished one keeps its state and no mark', async () => {
        const [queued, grading, graded, programFailed] = await queue(4);
        const claims = [];
        for (let i = 0; i < 3; i++) claims.push((await stores.gradingLeases.claimNext(settings(LIVE))).claimed!);
        await stores.submissions.complete(graded!, claims[2]!.lease, fakeReport(5, 10));
        await stores.submissions.fail(programFailed!, (await stores.gradingLeases.claimById(programFailed!, LIVE))!.lease, {
          kind: 'program',
          reason: 'bad',
          message: 'fix it',
        });
        for (const id of [queued, grading, graded, programFailed]) await stores.gradingLeases.deadLetter(id!, 'the queue gave up');
        expect(await stores.submissions.get(queued!)).toMatchObject({ status: 'failed', failureKind: 'infrastructure', failureReason: 'the queue gave up' });
        expect(await stores.submissions.get(grading!)).toMatchObject({ status: 'failed', failureKind: 'infrastructure', lease: null });
        expect(await stores.gradingLeases.heartbeat(grading!, claims[1]!.lease, LIVE)).toBe(false);
        expect(await stores.submissions.get(graded!)).toMatchObject({ status: 'graded', points: 5 });
        expect(await stores.submissions.get(programFailed!)).toMatchObject({ status: 'failed', failureKind: 'program', failureReason: 'bad' });
        const other = await open();
        const dead = await other.gradingLeases.deadLetters([queued!, grading!, graded!, programFailed!, 's_missing']);
        expect(new Set(dead.keys())).toEqual(new Set([queued, grading]));
        expect(dead.get(queued!)).toEqual({ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), reason: 'the queue gave up' });
        expect(await other.gradingLeases.deadLetters([])).toEqual(new Map());
      });

      it('lists queued ids oldest first, shows states with the progress written under the live lease only', async () => {
        const ids = await queue(3);
        expect(await stores.gradingLeases.queuedIds(10)).toEqual(ids);
        expect(await stores.gradingLeases.queuedIds(2)).toEqual(ids.slice(0, 2));
        const claim = (await stores.gradingLeases.claimNext(settings(LIVE))).claimed!;
        expect(await stores.gradingLeases.queuedIds(10)).toEqual(ids.slice(1));
        const other = await open();
        const byId = <T extends { id: string }>(list: T[]) => [...list].sort((x, y) => x.id.localeCompare(y.id));
        expect(await other.gradingLeases.states([claim.id])).toEqual([{ id: claim.id, status: 'grading', progress: null }]);
        await stores.gradingLeases.setProgress(claim.id, claim.lease, { done: 2, total: 10, errored: 1 });
        await other.gradingLeases.setProgress(claim.id, 'lease_wrong', { done: 9, total: 9, errored: 9 });
        await other.gradingLeases.setProgress(ids[1]!, 'lease_wrong', { done: 9, total: 9, errored: 9 });
        expect(byId(await other.gradingLeases.states([...ids, 's_missing']))).toEqual(
          byId([
            { id: ids[0]!, status: 'grading', progress: { done: 2, total: 10, errored: 1 } },
            { id: ids[1]!, status: 'queued', progress: null },
            { id: ids[2]!, status: 'queued', progress: null },
          ]),
        );
        expect(await other.gradingLeases.states([])).toEqual([]);
        // A finished submission shows no progress; a new claim starts from none.
        await stores.submissions.complete(claim.id, claim.lease, fakeReport(5, 10));
        expect(await other.gradingLeases.states([claim.id])).toEqual([{ id: claim.id, status: 'graded', progress: null }]);
        await stores.submissions.requeue(claim.id);
        const again = (await stores.gradingLeases.claimById(claim.id, LIVE))!;
        expect(await other.gradingLeases.states([claim.id])).toEqual([{ id: claim.id, status: 'grading', progress: null }]);
        await stores.gradingLeases.setProgress(claim.id, again.lease, { done: 1, total: 4, errored: 0 });
        expect((await other.gradingLeases.states([claim.id]))[0]?.progress).toEqual({ done: 1, total: 4, errored: 0 });
      });

      it('concurrent claims from two instances take each submission once, and take back each expired lease once', async () => {
        const ids = await queue(12);
        const other = await open();
        const instances = [stores, other];
        const claimAll = () => Promise.all(Array.from({ length: 16 }, (_, i) => instances[i % 2]!.gradingLeases.claimNext(settings(LIVE))));
        // Connections opened first (where there is a pool), so the claims overlap rather than start one by one.
        await Promise.all(Array.from({ length: 16 }, (_, i) => instances[i % 2]!.gradingLeases.queuedIds(1)));
        const first = await claimAll();
        const claims = first.flatMap((r) => (r.claimed ? [r.claimed] : []));
        expect(claims).toHaveLength(12);
        expect(new Set(claims.map((c) => c.id))).toEqual(new Set(ids));
        // Every worker's last heartbeat asked for 1 ms, then they all stopped.
        for (const claim of claims) expect(await other.gradingLeases.heartbeat(claim.id, claim.lease, 1)).toBe(true);
        await expire();
        const second = await claimAll();
        expect(second.reduce((sum, r) => sum + r.reclaimed, 0)).toBe(12);
        const reclaimedIds = second.flatMap((r) => (r.claimed ? [r.claimed.id] : []));
        expect(new Set(reclaimedIds).size).toBe(reclaimedIds.length);
        for (const id of ids) expect((await stores.submissions.get(id))?.attempts).toBe(reclaimedIds.includes(id) ? 2 : 1);
        expect(await stores.gradingLeases.queuedIds(20)).toHaveLength(12 - reclaimedIds.length);
      });
    });

    describe('usage ledger and reports', () => {
      const call = (userId: string, mode: CallRecord['mode'] = 'enforce'): CallRecord => ({ userId, scope: 'hw1', source: 'playground', model: 'gpt2', mode });
      const settled = (tokens: number) => ({ ok: true, reached: true, usage: { promptTokens: tokens, completionTokens: 0 }, latencyMs: 12, costUsd: 0.5 });

      it('reserves, settles the actual usage, and refuses what does not fit with a message saying what is spent', async () => {
        const ada = await student();
        const reservation = await stores.usageLedger.reserve(call(ada.id), 300.2);
        expect(reservation.tokens).toBe(301);
        expect(await stores.usageLedger.usage(ada.id, 'hw1')).toMatchObject({ tokensUsed: 301, requestsUsed: 1, tokenBudget: 1_000, requestBudget: 100 });
        await stores.usageLedger.settle(reservation, settled(200));
        expect(await stores.usageLedger.usage(ada.id, 'hw1')).toEqual({
          tokensUsed: 200,
          tokenBudget: 1_000,
          requestsUsed: 1,
          requestBudget: 100,
          costUsd: 0.5,
        });
        await expect(stores.usageLedger.reserve(call(ada.id), 900)).rejects.toMatchObject({
          code: 'budget_exceeded',
          message: expect.stringContaining('only 800 of your 1000 tokens for hw1 remain'),
        });
        // Staff calls are counted, never refused; the autograder's only logged.
        await stores.usageLedger.reserve(call(ada.id, 'count'), 5_000);
        expect(await stores.usageLedger.usage(ada.id, 'hw1')).toMatchObject({ tokensUsed: 5_200, requestsUsed: 2 });
        // Its process is gone (this store never registered one): the reservation is abandoned.
        expect(await stores.usageLedger.releaseAbandonedReservations(clock.now())).toBe(1);
        expect(await stores.usageLedger.usage(ada.id, 'hw1')).toMatchObject({ tokensUsed: 200, requestsUsed: 1 });
        const logged = await stores.usageLedger.reserve(call(ada.id, 'log'), 5_000);
        expect(logged.tokens).toBe(0);
        await stores.usageLedger.settle(logged, settled(40));
        await stores.usageLedger.recordCacheHit(call(ada.id), { promptTokens: 7, completionTokens: 3 });
        const unreached = await stores.usageLedger.reserve(call(ada.id), 10);
        await stores.usageLedger.settle(unreached, { ok: false, reached: false, usage: { promptTokens: 0, completionTokens: 0 }, latencyMs: 3, costUsd: 0 });
        expect(await stores.usageLedger.usage(ada.id, 'hw1')).toMatchObject({ tokensUsed: 200, requestsUsed: 1 });

        expect(await stores.usageReports.byStudent()).toEqual([
          { userId: ada.id, tokens: 200, requests: 1, cacheHits: 1, failed: 1, costUsd: 0.5, gradingTokens: 40, gradingCostUsd: 0.5 },
        ]);
        expect(await stores.usageReports.byModel()).toEqual([
          { model: 'gpt2', requests: 2, promptTokens: 240, completionTokens: 0, cacheHits: 1, failed: 1, costUsd: 1, meanLatencyMs: 9 },
        ]);
      });

      it('50 concurrent reservations from two instances never overspend the budget', async () => {
        const ada = await student();
        const other = await open();
        const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => (i % 2 ? other : stores).usageLedger.reserve(call(ada.id), 70)));
        const granted = results.filter((r) => r.status === 'fulfilled');
        expect(granted).toHaveLength(14); // 14 × 70 = 980 ≤ 1000 < 15 × 70
        expect(results.filter((r) => r.status === 'rejected').every((r) => (r.reason as { code?: string }).code === 'budget_exceeded')).toBe(true);
        expect((await stores.usageLedger.usage(ada.id, 'hw1')).tokensUsed).toBe(980);
        await Promise.all(
          granted
            .map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<Stores['usageLedger']['reserve']>>>).value)
            .map((res) => stores.usageLedger.settle(res, settled(70))),
        );
        expect(await stores.usageLedger.usage(ada.id, 'hw1')).toMatchObject({ tokensUsed: 980, requestsUsed: 14 });
      });

      it('a start releases only the reservations of instances that are gone; a settle after that charges once', async () => {
        const ada = await student();
        const a = await open({}, 'instance-a');
        const b = await open({}, 'instance-b');
        await a.instances.beat({ id: 'instance-a', role: 'web' }, clock.now(), 30_000);
        const held = await a.usageLedger.reserve(call(ada.id), 300);
        const leftByCrash = await stores.usageLedger.reserve(call(ada.id), 100); // an instance with no heartbeat at all
        // B starts while A beats: A's reservation stays, the dead one's goes.
        await b.instances.beat({ id: 'instance-b', role: 'web' }, clock.now(), 30_000);
        expect(await b.usageLedger.releaseAbandonedReservations(clock.now())).toBe(1);
        expect(await b.instances.live(clock.now())).toEqual(['instance-a', 'instance-b']);
        expect(await b.usageLedger.usage(ada.id, 'hw1')).toMatchObject({ tokensUsed: 300, requestsUsed: 1 });
        await expect(b.usageLedger.reserve(call(ada.id), 701)).rejects.toMatchObject({ code: 'budget_exceeded' });
        await a.usageLedger.settle(held, settled(250));
        expect(await b.usageLedger.usage(ada.id, 'hw1')).toMatchObject({ tokensUsed: 250, requestsUsed: 1 });
        // A settles the crashed one's call late (it was released): its use is charged, nothing released twice.
        await stores.usageLedger.settle(leftByCrash, settled(50));
        expect(await b.usageLedger.usage(ada.id, 'hw1')).toMatchObject({ tokensUsed: 300, requestsUsed: 2 });
        // A stops beating; after its expiry its reservations are released by the next start.
        const stale = await a.usageLedger.reserve(call(ada.id), 400);
        clock.advance(30_001);
        await b.instances.beat({ id: 'instance-b', role: 'web' }, clock.now(), 30_000);
        expect(await b.instances.live(clock.now())).toEqual(['instance-b']);
        expect(await b.usageLedger.releaseAbandonedReservations(clock.now())).toBe(1);
        expect(await b.usageLedger.usage(ada.id, 'hw1')).toMatchObject({ tokensUsed: 300, requestsUsed: 2 });
        await a.usageLedger.settle(stale, settled(10));
        expect(await b.usageLedger.usage(ada.id, 'hw1')).toMatchObject({ tokensUsed: 310, requestsUsed: 3 });
        await a.instances.leave('instance-a');
        await b.instances.leave('instance-b');
        expect(await b.instances.live(clock.now())).toEqual([]);
      });

      it('a request budget holds under concurrency too', async () => {
        const ada = await student();
        const tight = await open({ requestBudget: 3, tokenBudget: 1_000_000 });
        const results = await Promise.allSettled(Array.from({ length: 20 }, () => tight.usageLedger.reserve(call(ada.id), 1)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
        await expect(tight.usageLedger.reserve(call(ada.id), 1)).rejects.toThrow(/request budget for hw1 is used up \(3 of 3 model calls\)/);
      });
    });

    describe('failure limiter (failed sign-ins)', () => {
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

      it('two instances count into one limit per key; other keys and other limiters are apart', async () => {
        const other = await open();
        const options = { perMinute: 3, name: 'auth-failures-address' };
        const [a, b] = [stores.failureLimiter(options), other.failureLimiter(options)];
        expect([await a.hit('10.0.0.1'), await b.hit('10.0.0.1'), await a.hit('10.0.0.1')]).toEqual([null, null, null]);
        const wait = await b.hit('10.0.0.1');
        expect(wait).toBeGreaterThan(50_000);
        expect(wait).toBeLessThanOrEqual(60_000);
        expect(await a.hit('10.0.0.1')).toEqual(expect.any(Number));
        expect(await b.hit('10.0.0.2')).toBeNull();
        expect(await stores.failureLimiter({ perMinute: 3, name: 'auth-failures-overall' }).hit('10.0.0.1')).toBeNull();
        // A limiter made later (a process starting) sees the counts already there.
        expect(await (await open()).failureLimiter(options).hit('10.0.0.1')).toEqual(expect.any(Number));
      });

      it('concurrent failures from two instances pass exactly the limit', async () => {
        const limiters = [stores, await open()].map((s) => s.failureLimiter({ perMinute: 5, name: 'auth-failures-overall' }));
        const waits = await Promise.all(Array.from({ length: 24 }, (_, i) => limiters[i % 2]!.hit('all')));
        expect(waits.filter((w) => w === null)).toHaveLength(5);
      });

      it('a window ends and the key counts afresh', async () => {
        // Two seconds: short enough to wait for, long enough that a busy machine does not end it between two hits.
        const limiter = stores.failureLimiter({ perMinute: 2, name: 'short', windowMs: 2_000 });
        expect([await limiter.hit('k'), await limiter.hit('k')]).toEqual([null, null]);
        const wait = (await limiter.hit('k'))!;
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(2_000);
        await sleep(wait + 50);
        expect(await (await open()).failureLimiter({ perMinute: 2, name: 'short', windowMs: 2_000 }).hit('k')).toBeNull();
        expect(await limiter.hit('k')).toBeNull();
        expect(await limiter.hit('k')).toEqual(expect.any(Number));
      });

      it('perMinute 0 turns the limit off; options that make no sense are refused', async () => {
        const off = stores.failureLimiter({ perMinute: 0, name: 'auth-failures-address' });
        const waits = await Promise.all(Array.from({ length: 30 }, () => off.hit('10.0.0.1')));
        expect(waits.every((w) => w === null)).toBe(true);
        expect(await stores.failureLimiter({ perMinute: 1, name: 'auth-failures-address' }).hit('10.0.0.1')).toBeNull();
        expect(() => stores.failureLimiter({ perMinute: -1, name: 'x' })).toThrow();
        expect(() => stores.failureLimiter({ perMinute: 1.5, name: 'x' })).toThrow();
        expect(() => stores.failureLimiter({ perMinute: 1, name: '' })).toThrow();
      });
    });

    describe('request limits', () => {
      it('caps requests in flight and frees a slot on release', async () => {
        const ada = await student();
        const limited = await open({ maxConcurrentRequests: 2, rateLimitPerMinute: 0 });
        const a = await limited.requestLimits.acquire(ada.id);
        const b = await limited.requestLimits.acquire(ada.id);
        expect(await limited.requestLimits.inFlight(ada.id)).toBe(2);
        await expect(limited.requestLimits.acquire(ada.id)).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
        await a.release();
        await a.release();
        expect(await limited.requestLimits.inFlight(ada.id)).toBe(1);
        await (await limited.requestLimits.acquire(ada.id)).release();
        await b.release();
        expect(await limited.requestLimits.inFlight(ada.id)).toBe(0);
      });

      it('two instances share the cap and the rate window', async () => {
        const ada = await student();
        const a = await open({ maxConcurrentRequests: 2, rateLimitPerMinute: 3 });
        const b = await open({ maxConcurrentRequests: 2, rateLimitPerMinute: 3 });
        const first = await a.requestLimits.acquire(ada.id);
        const second = await b.requestLimits.acquire(ada.id);
        expect(await a.requestLimits.inFlight(ada.id)).toBe(2);
        await expect(b.requestLimits.acquire(ada.id)).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
        await first.release();
        await (await b.requestLimits.acquire(ada.id)).release();
        await expect(a.requestLimits.acquire(ada.id)).rejects.toMatchObject({ code: 'rate_limited', message: expect.stringContaining('at most 3 a minute') });
        await second.release();
      });

      it('limits requests per minute in a sliding window', async () => {
        const ada = await student();
        const limited = await open({ maxConcurrentRequests: 100, rateLimitPerMinute: 3 });
        for (let i = 0; i < 3; i++) {
          await (await limited.requestLimits.acquire(ada.id)).release();
          clock.advance(10_000);
        }
        await expect(limited.requestLimits.acquire(ada.id)).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 30 });
        clock.advance(30_001);
        await (await limited.requestLimits.acquire(ada.id)).release();
      });

      it('concurrent acquires never exceed the cap', async () => {
        const ada = await student();
        const limited = await open({ maxConcurrentRequests: 4, rateLimitPerMinute: 0 });
        const instances = [limited, await open({ maxConcurrentRequests: 4, rateLimitPerMinute: 0 })];
        const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => instances[i % instances.length]!.requestLimits.acquire(ada.id)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
      });
    });
  });
}
