// The staff analysis routes end to end over a real SQLite file and the fake OpenAI-compatible
// server: four students' counted submissions ("best" counts: a worse later try is not read),
// item analysis with its flags and data lines (JSON and CSV), the reference program graded in the
// background, the similarity job finding the copied pair with its side-by-side view, and the
// same analysis from the submissions copied to PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { FakeModelRequest } from '../../testkit/fake-openai-server/index.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { buildItemAnalysis } from '../../server/analysis/item-analysis.js';
import { copySqliteToPostgres } from '../../server/storage/copy-to-postgres.js';
import { createPool, poolDb } from '../../server/storage/postgres/pg-db.js';
import { openPostgresStores } from '../../server/storage/postgres/postgres-stores.js';
import { startPostgresCluster } from '../../testkit/postgres-cluster.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, lastReview } from '../../testkit/sentiment-fixture.js';
import { analysisTasksDir, loadAnalysisTask } from '../support/analysis-tasks.js';

const tasksDir = analysisTasksDir();
const task = loadAnalysisTask(tasksDir, 'sentiment');
const hidden = (id: string) => task.test.find((c) => c.id === id)!;
const labels = new Map([...task.dev, ...task.test].map((c) => [c.inputs.review!, String(c.expected)]));
const flip = (label: string) => (label === 'positive' ? 'negative' : 'positive');

/**
 * gpt-4o-mini misses test-004 (answers "positive"), gpt-4.1-mini misses test-004 and test-005; the
 * reference program (its instruction says "customer review") misses test-003 only; a program whose
 * instruction says "zzz" answers "positive" to everything.
 */
function respond(request: FakeModelRequest): string {
  const text = (request.messages ?? []).map((message) => message.content).join('\n');
  const review = lastReview(request);
  const label = labels.get(review) ?? 'unknown';
  if (text.includes('zzz')) return 'positive';
  const wrong = text.includes('customer review')
    ? [hidden('test-003')]
    : request.model === 'gpt-4.1-mini'
      ? [hidden('test-004'), hidden('test-005')]
      : [hidden('test-004')];
  return wrong.some((c) => c.inputs.review === review) ? flip(label) : label;
}

const COPIED = 'You are a meticulous analyst of shopper feedback. Read every line carefully and decide whether the writer was happy or unhappy overall.';
const program = (model: string, instruction: string) => ({ ...chatProgram, model, instruction });

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let staff: Person;
let ada: Person;
let ben: Person;
let cy: Person;
let dee: Person;
const counted: Record<string, string> = {};

async function submit(person: Person, body: unknown): Promise<string> {
  const response = await request(sandbox.app).post('/api/submissions').set(person.auth).send({ taskId: 'sentiment', program: body }).expect(202);
  await sandbox.services.queue.idle();
  return response.body.submission.id;
}

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-analysis', respond });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-analysis', tasksDir });
  staff = sandbox.staff();
  ada = sandbox.student('Ada Copier');
  ben = sandbox.student('Ben Copier');
  cy = sandbox.student('Cy Independent');
  dee = sandbox.student('Dee Starter');
  counted.ada = await submit(ada, program('gpt-4o-mini', COPIED));
  await submit(ada, program('gpt-4o-mini', 'zzz guess')); // worse: "best" keeps the first
  counted.ben = await submit(ben, program('gpt-4.1-mini', `${COPIED.toUpperCase()}!!`));
  counted.cy = await submit(cy, program('gpt-4o-mini', 'Label the mood of the text: is the author pleased or annoyed? One word.'));
  counted.dee = await submit(dee, program('gpt-4o-mini', 'Classify the sentiment of the review as positive or negative.'));
  await submit(staff, program('gpt-4o-mini', 'zzz staff try')); // staff tries are not the class
}, 60_000);
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

const get = (path: string) => request(sandbox.app).get(path).set(staff.auth);

describe('item analysis', () => {
  it("reads each student's counted submission only; flags the case nobody gets right, with its data line", async () => {
    const { analysis, referenceJob } = (await get('/api/staff/tasks/sentiment/item-analysis').expect(200)).body;
    expect(referenceJob).toBeNull();
    expect(analysis.programs).toBe(4);
    expect(analysis.points.count).toBe(4);
    const item = (id: string) => analysis.cases.find((c: { caseId: string; split: string }) => c.caseId === id && c.split === 'test');
    expect(item('test-004')).toMatchObject({
      line: 'sentiment/test.jsonl:4',
      expected: 'negative',
      answered: 4,
      right: 0,
      difficulty: 0,
      referenceRight: null,
      flags: [
        { kind: 'nobody-right', answered: 4 },
        { kind: 'dominant-confusion', expected: 'negative', predicted: 'positive', count: 4, answered: 4 },
      ],
    });
    // Missed by Ben alone, whose metric is the lowest: right goes with a high score.
    expect(item('test-005')).toMatchObject({ answered: 4, right: 3, difficulty: 0.75, discrimination: 1, flags: [] });
    expect(analysis.cases.filter((c: { split: string }) => c.split === 'dev')).toHaveLength(task.dev.length);
    expect(analysis.cases.find((c: { split: string }) => c.split === 'dev')).toMatchObject({ line: 'sentiment/dev.jsonl:1', answered: 4 });
    expect(analysis.models.slice(0, 3)).toMatchObject([
      { model: 'gpt-4o-mini', programs: 3 },
      { model: 'davinci-002', programs: 0, meanMetric: null },
      { model: 'gpt-4.1-mini', programs: 1 },
    ]);
  });

  it('grades the reference program in the background; then the case it gets wrong is flagged', async () => {
    const started = await request(sandbox.app).post('/api/staff/tasks/sentiment/reference').set(staff.auth).expect(202);
    expect(started.body.job).toMatchObject({ kind: 'reference', state: 'running', taskId: 'sentiment' });
    await sandbox.services.analysisJobs.idle();
    const job = (await get(`/api/staff/analysis-jobs/${started.body.job.id}`).expect(200)).body.job;
    expect(job).toMatchObject({ state: 'done', error: null });
    expect(job.done).toBe(job.total);
    const { analysis, referenceJob } = (await get('/api/staff/tasks/sentiment/item-analysis').expect(200)).body;
    expect(referenceJob.id).toBe(job.id);
    expect(analysis.reference).toMatchObject({ taskVersion: task.version });
    const item = analysis.cases.find((c: { caseId: string }) => c.caseId === 'test-003');
    expect(item).toMatchObject({ referenceRight: false, right: 4, flags: [{ kind: 'reference-wrong' }] });
    expect(analysis.cases.find((c: { caseId: string }) => c.caseId === 'test-004').referenceRight).toBe(true);
  });

  it('exports the cases as CSV with the flags in words', async () => {
    const response = await get('/api/staff/tasks/sentiment/item-analysis.csv').expect(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toContain('item-analysis-sentiment.csv');
    const lines = response.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('case,split,line,expected,answered,right,difficulty,discrimination,reference,flags');
    expect(lines.find((line) => line.startsWith('test-004,'))).toBe(
      'test-004,hidden,sentiment/test.jsonl:4,negative,4,0,0,,right,"nobody gets it right (0 of 4); 4 of 4 programs answer ""positive"" where ""negative"" is expected"',
    );
  });

  it('an unknown task is a 404 and a malformed one a 400, never a 500', async () => {
    await get('/api/staff/tasks/no-such-task/item-analysis').expect(404);
    await get('/api/staff/tasks/Bad_Id/item-analysis').expect(400);
  });
});

describe('prompt similarity', () => {
  it('runs in the background with progress; finds the copied pair (case and punctuation changed), not the independent or starter-only programs', async () => {
    expect((await get('/api/staff/tasks/sentiment/similarity').expect(200)).body).toEqual({ job: null, result: null });
    const started = await request(sandbox.app).post('/api/staff/tasks/sentiment/similarity').set(staff.auth).send({ threshold: 0.5 }).expect(202);
    expect(started.body.job).toMatchObject({ kind: 'similarity', state: 'running' });
    await sandbox.services.analysisJobs.idle();
    const { job, result } = (await get('/api/staff/tasks/sentiment/similarity').expect(200)).body;
    expect(job).toMatchObject({ id: started.body.job.id, state: 'done', done: 8, total: 8 });
    expect(result).toMatchObject({ threshold: 0.5, shingle: 3, programs: 4 });
    expect(result.pairs).toHaveLength(1);
    const [pair] = result.pairs;
    expect(new Set([pair.a.submissionId, pair.b.submissionId])).toEqual(new Set([counted.ada, counted.ben]));
    expect(new Set([pair.a.name, pair.b.name])).toEqual(new Set(['Ada Copier', 'Ben Copier']));
    expect(pair.jaccard).toBe(1);
  });

  it('a bad threshold is a 400 that names the field', async () => {
    const response = await request(sandbox.app).post('/api/staff/tasks/sentiment/similarity').set(staff.auth).send({ threshold: 2 }).expect(400);
    expect(response.body.error.message).toContain('threshold');
  });

  it('the pair view: both programs side by side, the copied instruction highlighted, the starter phrase not', async () => {
    const view = (await get(`/api/staff/tasks/sentiment/similarity/pair?a=${counted.ada}&b=${counted.ben}`).expect(200)).body;
    expect(view.jaccard).toBe(1);
    expect(view.a).toMatchObject({ name: 'Ada Copier', model: 'gpt-4o-mini' });
    expect(view.a.sections[0]).toEqual({
      label: 'instruction',
      runs: [
        { text: COPIED.slice(0, -1), shared: true },
        { text: '.', shared: false },
      ],
    });
    expect(view.b.sections[0].runs[0]).toEqual({ text: COPIED.toUpperCase().slice(0, -1), shared: true });
    // Both programs' examples are dev cases (the pool everyone picks from): starter material, plain on both sides.
    expect(view.a.sections.slice(1).map((section: { label: string }) => section.label)).toEqual(['example 1', 'example 2']);
    for (const section of view.a.sections.slice(1)) expect(section.runs.every((run: { shared: boolean }) => !run.shared)).toBe(true);
    const versusStarter = (await get(`/api/staff/tasks/sentiment/similarity/pair?a=${counted.dee}&b=${counted.cy}`).expect(200)).body;
    expect(versusStarter.a.sections[0].runs).toEqual([{ text: 'Classify the sentiment of the review as positive or negative.', shared: false }]);
    await get(`/api/staff/tasks/sentiment/similarity/pair?a=${counted.ada}&b=s_nosuchsubmission`).expect(404);
    await get(`/api/staff/tasks/sentiment/similarity/pair?a=${counted.ada}`).expect(400);
  });
});

describe('the same analysis on PostgreSQL', () => {
  it('the counted submissions copied to PostgreSQL and read back through its store give the identical item analysis', async () => {
    const cluster = await startPostgresCluster();
    const pool = createPool(cluster.url);
    try {
      await copySqliteToPostgres(sandbox.db, poolDb(pool));
      const stores = await openPostgresStores(cluster.url, { clock: { now: () => Date.now() }, quotas: sandbox.appDeps.config.quotas, sessionDays: 14 });
      try {
        const ids = Object.values(counted).sort();
        const fromSqlite = await Promise.all(ids.map(async (id) => (await sandbox.services.submissions.get(id))!));
        const fromPostgres = await Promise.all(ids.map(async (id) => (await stores.submissions.get(id))!));
        expect(fromPostgres.map((s) => s.report)).toEqual(fromSqlite.map((s) => s.report));
        const maxPoints = fromSqlite[0]!.maxPoints;
        const onSqlite = buildItemAnalysis(task, maxPoints, fromSqlite, null);
        expect(onSqlite.cases.length).toBe(task.dev.length + task.test.length);
        expect(buildItemAnalysis(task, maxPoints, fromPostgres, null)).toEqual(onSqlite);
        // And what the staff page serves (reference aside) is that analysis.
        const served = (await get('/api/staff/tasks/sentiment/item-analysis').expect(200)).body.analysis;
        expect(served.cases.map((c: { caseId: string; right: number; difficulty: number | null }) => [c.caseId, c.right, c.difficulty])).toEqual(
          onSqlite.cases.map((c) => [c.caseId, c.right, c.difficulty]),
        );
      } finally {
        await stores.close();
      }
    } finally {
      await pool.end();
      await cluster.stop();
    }
  }, 60_000);
});
