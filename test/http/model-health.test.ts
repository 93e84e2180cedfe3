// Model health over HTTP: an upstream that refuses connections fails a student's dev run at once
// with a notice meant for students, greys the model in GET /api/models, and gives staff (only) the
// advice; /readyz shows the states without it.
import net from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelHealth } from '../../server/models/health/model-health.js';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';
import { createTestSandbox, parseSse, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, modelsYamlFor } from '../../testkit/sentiment-fixture.js';

let sandbox: TestSandbox;
let address = '';

beforeAll(async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const config = parseModelsConfig(modelsYamlFor(`http://${address}/v1`), 'test models.yaml');
  const health = createModelHealth({ ids: config.models.map((m) => m.id), now: () => Date.now() });
  // davinci-002 lacks its key here: a setup problem, known before any call.
  health.set('davinci-002', 'missing-key', 'set FAKE_OPENAI_KEY in the environment or .env to use model davinci-002');
  const models = createModelRegistry({ config, env: { FAKE_OPENAI_KEY: 'k' }, factories: providerFactories({ timeoutMs: 2_000 }), health });
  sandbox = await createTestSandbox({ baseURL: `http://${address}/v1`, apiKey: 'k', models, startQueue: false });
});
afterAll(async () => sandbox.stop());

describe('model health over HTTP', () => {
  it('a dev run on an unreachable model ends with model_unavailable, and the model is then greyed for students only', async () => {
    const student = sandbox.student();
    const before = await request(sandbox.app).get('/api/models').set(student.auth);
    expect(before.body.models.find((m: { id: string }) => m.id === 'gpt-4o-mini')).toMatchObject({ available: true });
    expect(before.body.models.find((m: { id: string }) => m.id === 'davinci-002')).toMatchObject({ available: false, unavailableReason: 'missing-key' });

    const dev = await request(sandbox.app).post('/api/run-dev').set(student.auth).send({ taskId: 'sentiment', program: chatProgram });
    const last = parseSse(dev.text).at(-1)!;
    expect(last.event).toBe('error');
    expect(last.data.code).toBe('model_unavailable');
    expect(last.data.message).toMatch(/not available on this server/);

    const after = await request(sandbox.app).get('/api/models').set(student.auth);
    expect(after.body.models.find((m: { id: string }) => m.id === 'gpt-4o-mini')).toMatchObject({ available: false, unavailableReason: 'unreachable' });
    // Nothing for the operator reaches a student: no address, no variable.
    expect(after.text).not.toContain(address);
    expect(after.text).not.toContain('FAKE_OPENAI_KEY');

    // The next run fails at once, before any call: a 503 the page turns into "pick another model".
    const run = await request(sandbox.app)
      .post('/api/run')
      .set(student.auth)
      .send({ taskId: 'sentiment', program: chatProgram, case: { inputs: { review: 'Great value.' } } });
    expect(run.text).toContain('model_unavailable');
    expect(run.text).not.toContain(address);
  });

  // Runs after the dev run above opened gpt-4o-mini's breaker (tests in a file run in order).
  it('the /v1 gateway shares the breaker: the open model answers 503 at once', async () => {
    const student = sandbox.student('Gail Gateway');
    const started = performance.now();
    const response = await request(sandbox.app)
      .post('/v1/chat/completions')
      .set({ Authorization: `Bearer ${student.token}` })
      .send({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('model_unavailable');
    expect(response.text).not.toContain(address);
    // No connection attempt, no timeout: answered from the open breaker.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('staff see the advice; /readyz the states without it', async () => {
    const staff = sandbox.staff();
    const models = await request(sandbox.app).get('/api/staff/models').set(staff.auth);
    expect(models.status).toBe(200);
    const byId = Object.fromEntries(models.body.models.map((m: { id: string }) => [m.id, m]));
    expect(byId['gpt-4o-mini']).toMatchObject({ state: 'unreachable', available: false, advice: expect.stringContaining(address) });
    expect(byId['davinci-002']).toMatchObject({ state: 'missing-key', advice: expect.stringContaining('FAKE_OPENAI_KEY') });
    expect(byId['gpt-4.1-mini']).toMatchObject({ state: 'unknown', available: true, advice: null });

    const ready = await request(sandbox.app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.usableModels).toBe(2);
    expect(ready.body.models.find((m: { id: string }) => m.id === 'gpt-4o-mini')).toMatchObject({ state: 'unreachable', available: false });
    expect(ready.text).not.toContain(address);
  });
});
