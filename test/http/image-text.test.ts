// The image-text playground on the designed tiny CLIP (colour words and flat colour images meet):
// classify a dev image and an upload, rank the dev gallery, and serve only dev images.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { repoRoot } from '../../testkit/sentiment-fixture.js';
import { prepareTinyModels } from '../support/tiny-models.js';

const tasksDir = path.join(repoRoot, 'test/fixtures/local-tasks');
let sandbox: TestSandbox;
let student: Person;

const colours = ['red', 'green', 'blue', 'yellow', 'white'];
const classifyProgram = {
  kind: 'image-text',
  model: 'clip-vit-base-patch32',
  labels: Object.fromEntries(colours.map((c) => [c, [c]])),
  templates: ['a photo of a {label} square.', '{label}'],
};
const searchProgram = { kind: 'image-text', model: 'clip-vit-base-patch32', templates: ['a {label} square'] };

beforeAll(async () => {
  const tiny = await prepareTinyModels();
  sandbox = await createTestSandbox({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'unused', models: tiny.registry(), tasksDir });
  student = sandbox.student();
});
afterAll(async () => {
  await sandbox.stop();
});

describe('image-text playground', () => {
  it('classifies a dev image by case id', async () => {
    const response = await request(sandbox.app)
      .post('/api/image-text/classify')
      .set(student.auth)
      .send({ taskId: 'colours', program: classifyProgram, image: { caseId: 'dev-blue' } });
    expect(response.status).toBe(200);
    expect(response.body.ranking[0]).toBe('blue');
    expect(Object.values(response.body.probabilities as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('classifies an uploaded image and refuses what is not an image', async () => {
    const png = fs.readFileSync(path.join(tasksDir, 'colours/images/yellow.png')).toString('base64');
    const upload = await request(sandbox.app)
      .post('/api/image-text/classify')
      .set(student.auth)
      .send({ taskId: 'colours', program: classifyProgram, image: { base64: png, name: 'mine.png' } });
    expect(upload.body.ranking[0]).toBe('yellow');
    const text = await request(sandbox.app)
      .post('/api/image-text/classify')
      .set(student.auth)
      .send({ taskId: 'colours', program: classifyProgram, image: { base64: Buffer.from('hello world').toString('base64') } });
    expect(text.status).toBe(400);
    expect(text.body.error).toMatchObject({ code: 'invalid_image', message: 'the image must be a PNG, JPEG, GIF or WebP file' });
    expect(text.body.error.said).toEqual([{ code: 'image.must_be_image', params: {} }]);
    // A PNG signature with garbage after it is refused by the decoder: the same code, naming the upload.
    const corrupt = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a png')]).toString('base64');
    const broken = await request(sandbox.app)
      .post('/api/image-text/classify')
      .set(student.auth)
      .send({ taskId: 'colours', program: classifyProgram, image: { base64: corrupt, name: 'holiday.png' } });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_image');
    expect(broken.body.error.message).toMatch(/holiday\.png/);
    expect(broken.body.error.said).toEqual([{ code: 'image.corrupt', params: { file: 'holiday.png' } }]);
    const testCase = await request(sandbox.app)
      .post('/api/image-text/classify')
      .set(student.auth)
      .send({ taskId: 'colours', program: classifyProgram, image: { caseId: 'test-red' } });
    expect(testCase.status).toBe(404);
  });

  it('ranks the dev gallery for a query; hidden gallery images never appear', async () => {
    const response = await request(sandbox.app)
      .post('/api/image-text/retrieve')
      .set(student.auth)
      .send({ taskId: 'colour-search', program: searchProgram, query: 'green' });
    expect(response.status).toBe(200);
    const ids = response.body.results.map((r: { id: string }) => r.id);
    expect(ids[0]).toBe('green.png');
    expect(new Set(ids)).toEqual(new Set(['red.png', 'green.png', 'yellow.png']));
    expect(response.body.results[0].image).toBe('/api/tasks/colour-search/images/green.png');
    const image = await request(sandbox.app).get(response.body.results[0].image).set(student.auth);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
  });

  it('serves dev images only', async () => {
    const task = await request(sandbox.app).get('/api/tasks/colours').set(student.auth);
    const url = task.body.task.dev[0].image as string;
    expect(url).toBe('/api/tasks/colours/images/red.png');
    expect((await request(sandbox.app).get(url).set(student.auth)).status).toBe(200);
    for (const name of ['red-2.webp', 'notes.png', '..%2Ftask.yaml', '..%2F..%2Fcolours%2Ftest.jsonl', 'blue.png%00']) {
      const response = await request(sandbox.app).get(`/api/tasks/colours/images/${name}`).set(student.auth);
      expect(response.status, name).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    // blue.png is only in the search task's hidden gallery.
    expect((await request(sandbox.app).get('/api/tasks/colour-search/images/blue.png').set(student.auth)).status).toBe(404);
  });

  it('a run-dev on an image-text task reports every dev case', async () => {
    const response = await request(sandbox.app).post('/api/run-dev').set(student.auth).send({ taskId: 'colours', program: classifyProgram });
    const last = response.text.trim().split('\n\n').at(-1)!;
    expect(last).toMatch(/^event: done/);
    const report = JSON.parse(last.split('\n')[1]!.slice(6)).report;
    expect(report.cases).toHaveLength(6);
    expect(report.cases.filter((c: { score: number }) => c.score === 1)).toHaveLength(5);
    const usage = sandbox.db.prepare("SELECT COUNT(*) FROM model_calls WHERE user_id = ? AND source = 'run-dev'").pluck().get(student.user.id) as number;
    expect(usage).toBeGreaterThanOrEqual(2);
  });
});
