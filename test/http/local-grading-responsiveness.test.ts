// Issue 17: the server stays responsive while a class grades on a local model. Ten submissions
// grade on a deliberately slow generated model (each case at least 200 ms of onnxruntime work) in
// an inference pool of two members, over real HTTP on 127.0.0.1. Meanwhile: /healthz and
// GET /api/me answer within 100 ms at p99, a playground run on an API model (the fake OpenAI
// server) takes its normal time, every grading submission streams progress events, and a dev run
// on the local model whose client goes away frees its pool slot without ending a member.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextModel } from '../../server/core/model.js';
import { createInferencePool, type InferencePool } from '../../server/models/inference-pool/inference-pool.js';
import { parseModelsConfig } from '../../server/models/models-config.js';
import { poolSettings, providerFactories } from '../../server/models/provider-factories.js';
import { createModelRegistry } from '../../server/models/registry.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { localTasksDir } from '../support/local-tasks.js';
import { createTestSandbox, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram, fixtureTasksDir, loadFixtureTask, sentimentOracle } from '../../testkit/sentiment-fixture.js';
import { makeSlowModelsDir, slowModelsYaml } from '../../testkit/slow-models.js';

const SUBMISSIONS = 10;
const API_LATENCY_MS = 50;

let fake: FakeOpenAIServer;
let models: Awaited<ReturnType<typeof makeSlowModelsDir>>;
let pool: InferencePool;
let sandbox: TestSandbox;
let server: Server;
let base: string;
let tasksDir: string;
let caseMs: number;
let matMuls: number;

/** One case: the letters then one generated token, i.e. one forward pass of the slow model. */
const letterProgram = (instruction: string) => ({
  kind: 'text',
  task: 'next-letter',
  model: 'distilgpt2',
  style: 'completion',
  instruction,
  template: { input: '{input}', output: '{output}', joiner: '' },
  decoding: { maxTokens: 1 },
});

function registryOver(dir: string, inferencePool: InferencePool) {
  const yaml = slowModelsYaml({
    slowId: 'distilgpt2',
    providers: [`fake: { type: openai, baseURL: ${fake.url}, apiKeyEnv: FAKE_OPENAI_KEY }`],
    models: ['{ id: gpt-4o-mini, provider: fake, kind: text, style: chat }'],
  });
  return createModelRegistry({
    config: parseModelsConfig(yaml, 'responsiveness models.yaml'),
    env: { FAKE_OPENAI_KEY: 'k-surge' },
    factories: providerFactories({ timeoutMs: 60_000, modelsDir: dir, offline: true }, inferencePool),
  });
}

/** Median time of one single-token call on `model`. */
async function medianCaseMs(model: TextModel, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await model.generate({ prompt: { style: 'completion', text: `Continue.${i}ghi` }, temperature: 0, topP: 1, maxTokens: 1, stop: [] });
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-surge', respond: sentimentOracle(loadFixtureTask('sentiment'), new Set()), latencyMs: API_LATENCY_MS });
  // Calibrate on this machine (and its load right now), on the pool the test uses (two members,
  // each with its share of the cores): more busy MatMuls until one case takes at least 250 ms
  // alone. At least 200 ms is asserted below; if the load fell between the probes, measure again.
  matMuls = 16;
  for (let attempt = 0; ; attempt++) {
    const candidate = await makeSlowModelsDir(matMuls);
    const candidatePool = createInferencePool({
      size: 2,
      settings: poolSettings({ modelsDir: candidate.dir, offline: true }),
      log: (line) => console.log(line),
    });
    const slow = registryOver(candidate.dir, candidatePool).get('distilgpt2') as TextModel;
    await candidatePool.start();
    await slow.ready!();
    // Both members load the model before the measurements start (two calls at once: one each).
    await Promise.all([medianCaseMs(slow, 1), medianCaseMs(slow, 1)]);
    caseMs = await medianCaseMs(slow, 3);
    if (caseMs >= 250 || attempt === 4) {
      models = candidate;
      pool = candidatePool;
      break;
    }
    await candidatePool.close();
    await candidate.remove();
    matMuls = Math.min(800, Math.ceil((matMuls * 350) / Math.max(caseMs, 1)));
  }

  // Two tasks: sentiment (the API model) and next-letter cut to 1 dev and 2 test cases (three
  // slow cases a submission keep the test short; ten submissions still queue 30 of them).
  tasksDir = mkdtempSync(path.join(os.tmpdir(), 'responsive-tasks-'));
  cpSync(path.join(fixtureTasksDir, 'sentiment'), path.join(tasksDir, 'sentiment'), { recursive: true });
  cpSync(path.join(localTasksDir, 'next-letter'), path.join(tasksDir, 'next-letter'), { recursive: true });
  const lines = (text: string[]) => `${text.join('\n')}\n`;
  writeFileSync(path.join(tasksDir, 'next-letter/dev.jsonl'), lines(['{"id":"dev-1","letters":"abc","next":"d"}']));
  writeFileSync(
    path.join(tasksDir, 'next-letter/test.jsonl'),
    lines(['{"id":"test-1","letters":"ghi","next":"j"}', '{"id":"test-2","letters":"st","next":"u"}']),
  );

  const registry = registryOver(models.dir, pool);
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-surge', models: registry, tasksDir, gradingWorkers: SUBMISSIONS, concurrency: 1 });
  server = http.createServer(sandbox.listener).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await sandbox?.stop();
  await pool?.close();
  await fake?.close();
  await models?.remove();
  if (tasksDir) rmSync(tasksDir, { recursive: true, force: true });
});

type SseEvent = { event: string; data: any; at: number };

/** Reads a text/event-stream as it arrives, with the arrival time of each event. */
async function readEvents(response: Response, onEvent?: (event: SseEvent) => void): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body!) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        if (!event) continue;
        const parsed = { event, data: data ? JSON.parse(data) : null, at: performance.now() };
        events.push(parsed);
        onEvent?.(parsed);
      }
    }
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
  }
  return events;
}

async function timed(run: () => Promise<Response>): Promise<{ ms: number; response: Response }> {
  const started = performance.now();
  const response = await run();
  await response.arrayBuffer();
  return { ms: performance.now() - started, response };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('grading on a slow local model', () => {
  it('keeps light requests fast, playground runs on time, progress flowing, and a cancelled dev run frees its slot', { timeout: 180_000 }, async () => {
    expect(caseMs).toBeGreaterThanOrEqual(200);
    const students = Array.from({ length: SUBMISSIONS }, (_, i) => sandbox.student(`Student ${i}`));
    const watcher = sandbox.student('Watcher');
    const json = (auth: Record<string, string>) => ({ ...auth, 'content-type': 'application/json' });
    const playground = () =>
      timed(() =>
        fetch(`${base}/api/run`, {
          method: 'POST',
          headers: json(watcher.auth),
          body: JSON.stringify({ taskId: 'sentiment', program: chatProgram, case: { caseId: 'dev-003' } }),
        }),
      );

    // The playground's normal time, on an idle server (after one run that warms the API path up).
    await playground();
    const normal: number[] = [];
    for (let i = 0; i < 3; i++) normal.push((await playground()).ms);

    const ids: string[] = [];
    for (const [i, student] of students.entries()) {
      const response = await fetch(`${base}/api/submissions`, {
        method: 'POST',
        headers: json(student.auth),
        body: JSON.stringify({ taskId: 'next-letter', program: letterProgram(`Continue the sequence (${i}).`) }),
      });
      expect(response.status).toBe(202);
      ids.push(((await response.json()) as { submission: { id: string } }).submission.id);
    }
    const streams = ids.map((id, i) => fetch(`${base}/api/submissions/${id}/events`, { headers: students[i]!.auth }).then((response) => readEvents(response)));

    // Light requests every 10 ms until every submission is graded.
    let grading = true;
    const light: number[] = [];
    const probing = (async () => {
      for (let n = 0; grading; n++) {
        const { ms, response } = await timed(() => (n % 2 ? fetch(`${base}/api/me`, { headers: watcher.auth }) : fetch(`${base}/healthz`)));
        expect(response.status).toBe(200);
        light.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    // Once grading is under way: playground runs on the API model.
    await waitFor(() => pool.stats().running.batch === 2, 'both members to grade');
    const during: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { ms, response } = await playground();
      expect(response.status).toBe(200);
      during.push(ms);
    }
    expect(pool.stats().queued.batch).toBeGreaterThan(0);

    // A dev run on the slow local model (interactive: it goes before the queued grading calls),
    // whose client goes away mid-run.
    const failuresBefore = pool.stats().memberFailures;
    const pids = pool.memberPids().sort();
    const client = new AbortController();
    const devRun = fetch(`${base}/api/run-dev`, {
      method: 'POST',
      headers: json(watcher.auth),
      body: JSON.stringify({ taskId: 'next-letter', program: letterProgram('A dev run.') }),
      signal: client.signal,
    });
    const devEvents = devRun.then((response) => readEvents(response)).catch(() => []);
    await waitFor(() => pool.stats().running.interactive > 0, 'the dev run to reach a member');
    client.abort();
    const cancelledAt = performance.now();
    await waitFor(() => pool.stats().running.interactive === 0 && pool.stats().queued.interactive === 0, 'the dev run to leave the pool', 3_000);
    const freedMs = performance.now() - cancelledAt;
    await devEvents;

    const events = await Promise.all(streams);
    grading = false;
    await probing;

    // Light requests: many samples, p99 under 100 ms.
    expect(light.length).toBeGreaterThan(100);
    expect(percentile(light, 99)).toBeLessThan(100);
    // The playground did not wait behind the submissions (seconds of queued work).
    expect(Math.max(...during)).toBeLessThan(Math.max(...normal) + 250);
    // The dev run's slot came back once the forward pass running at the cancel was over (it cannot
    // stop inside one; two busy members share the cores, so a pass takes about twice as long as
    // alone), without ending a member.
    console.log(
      `slow model: ${matMuls} MatMuls, ${Math.round(caseMs)} ms a case alone; light p50 ${percentile(light, 50).toFixed(1)} p99 ${percentile(light, 99).toFixed(1)} ms over ${light.length}; playground ${normal.map(Math.round)} -> ${during.map(Math.round)} ms; dev run slot freed in ${Math.round(freedMs)} ms`,
    );
    expect(freedMs).toBeLessThan(3 * caseMs + 500);
    expect(pool.stats().memberFailures).toBe(failuresBefore);
    expect(pool.memberPids().sort()).toEqual(pids);
    // Every submission streamed its progress while it graded, then was graded (both test cases right).
    for (const stream of events) {
      const progress = stream.filter((e) => e.event === 'progress');
      const done = progress.map((e) => e.data.done as number);
      expect(done).toEqual([...done].sort((a, b) => a - b));
      expect(done.at(-1)).toBe(3);
      expect(progress.length).toBeGreaterThanOrEqual(4);
      expect(stream.at(-1)!.event).toBe('graded');
      expect(stream.at(-1)!.data.submission).toMatchObject({ status: 'graded', points: 10 });
      // Events arrived over the grading, not all at once at the end.
      expect(stream.at(-1)!.at - progress[0]!.at).toBeGreaterThan(caseMs);
    }
  });
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000) {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
