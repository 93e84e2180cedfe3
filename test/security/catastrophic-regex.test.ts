// The attack: a student's `answer.extract` written to backtrack for ever on an ordinary model
// output, run in the playground, on the dev split and as a submission, while a probe measures
// whether the server still answers everyone else. Student patterns run on a linear-time engine
// (re2js) with bounded size and text, so /healthz keeps its p99 under 100 ms; patterns the engine
// cannot run are refused up front (422) with a message saying what to change, never as a model failure.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSandbox, parseSse, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram } from '../../testkit/sentiment-fixture.js';
import { startFixedAnswerServer, type FixedAnswerServer } from './support/start-fixed-answer-server.js';

/** What the model answers to every prompt: backtracking engines explode on it with the patterns below. */
const MODEL_OUTPUT = `${'a'.repeat(5000)}!`;

/** Nested and overlapping quantifiers: exponential or high-degree polynomial for a backtracking engine. */
const CATASTROPHIC = [
  '(a+)+$',
  '(a|a)*$',
  '(a|aa)+$',
  '(\\w+\\s?)+$',
  '(.*a){20}',
  '([a-z]|[a-c]|\\w)*$',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '(a*)*b',
  '(?:a+a+)+b',
  '(\\w*)*\\d$',
  '(.*a){60}$',
];

/** Patterns the engine refuses, with what the refusal must say. */
const REFUSED: { pattern: string; message: RegExp }[] = [
  { pattern: '(a+)\\1$', message: /back-reference.*re2 syntax: back-references and lookaround are not supported/ },
  { pattern: '(?=(a+))\\1b', message: /re2 syntax: back-references and lookaround are not supported/ },
  { pattern: '(?<=a+)!', message: /lookbehind.*re2 syntax: back-references and lookaround are not supported/ },
  { pattern: '(?!a)(a+)+$', message: /lookahead.*re2 syntax/ },
  // Compiles in V8, then fails when run ("stack overflow" / "too large"): refused by length here.
  { pattern: `(?:${'ab?'.repeat(30_000)})+`, message: /is 90005 characters long; at most 500 are allowed/ },
  // Short, but re2 would expand it to thousands of instructions.
  { pattern: '(.*a){400}', message: /too large for the linear-time regular expression engine \(program size \d+; at most 500\)/ },
  { pattern: '((a{100}){100}){100}', message: /invalid repeat count.*use \+ or \* instead/ },
];

const programWith = (extract: string) => ({ ...chatProgram, answer: { mode: 'generate', extract } });

let fake: FixedAnswerServer;
let sandbox: TestSandbox;
let server: http.Server;
let port: number;

beforeAll(async () => {
  // In its own process, as a real model server would be: only the sandbox's work is measured.
  fake = await startFixedAnswerServer({ apiKey: 'k-redos', answer: MODEL_OUTPUT });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-redos' });
  server = await new Promise<http.Server>((resolve) => {
    const listening = http.createServer(sandbox.listener).listen(0, '127.0.0.1', () => resolve(listening));
  });
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await sandbox.stop();
  await fake.close();
});

/** One GET /healthz over a fresh TCP connection; its latency in ms. */
function probeOnce(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`healthz ${response.statusCode}`))));
    });
    req.on('error', reject);
  });
}

/** Probes wanted per attack: enough that one scheduling hiccup on a busy 2-core machine does not decide the p99. */
const MIN_PROBES = 200;

/**
 * Probes /healthz back to back (a short pause between) while the attack runs, repeating attack
 * rounds until MIN_PROBES probes were taken; returns each round's result and the latencies.
 */
async function whileProbing<T>(attackRound: (round: number) => Promise<T>): Promise<{ results: T[]; latencies: number[] }> {
  const latencies: number[] = [];
  let running = true;
  const probing = (async () => {
    while (running) {
      latencies.push(await probeOnce());
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  try {
    const results: T[] = [];
    do results.push(await attackRound(results.length));
    while (latencies.length < MIN_PROBES);
    return { results, latencies };
  } finally {
    running = false;
    await probing;
  }
}

function p99(latencies: number[]): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
}

function expectResponsive(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const summary = `${sorted.length} /healthz probes: p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
  expect(latencies.length).toBeGreaterThanOrEqual(MIN_PROBES);
  expect(p99(latencies), `p99 of ${summary}`).toBeLessThan(100);
}

describe('catastrophic extraction patterns never block the server', () => {
  it('playground runs (POST /api/run) answer, and /healthz stays fast meanwhile', async () => {
    const student = sandbox.student('Rex Playground');
    const { results, latencies } = await whileProbing(async (round) => {
      const outputs: string[] = [];
      for (const pattern of CATASTROPHIC) {
        // A new case each round: a cached answer would skip the model call, not the extraction.
        const caseId = `dev-${String((round % 22) + 1).padStart(3, '0')}`;
        const response = await request(server)
          .post('/api/run')
          .set(student.auth)
          .send({ taskId: 'sentiment', program: programWith(pattern), case: { caseId } });
        expect(response.status, pattern).toBe(200);
        const done = parseSse(response.text).find((e) => e.event === 'done');
        expect(done, `${pattern}: ${response.text.slice(0, 300)}`).toBeDefined();
        expect(done!.data.rawOutput).toBe(MODEL_OUTPUT);
        outputs.push(done!.data.output as string);
      }
      return outputs;
    });
    const result = results[0]!;
    // JavaScript's answers (first group, else the whole match): `(a+)+$` does not match (the text
    // ends with "!"), `(.*a){20}` captures its last "a". `(.*a){60}$` is large enough that it sees
    // only the start of the answer (all "a"), where it matches.
    expect(result).toEqual(['', '', '', '', 'a', '', '', '', '', '', 'a']);
    expectResponsive(latencies);
  });

  it('dev runs (POST /api/run-dev) grade every dev case, and /healthz stays fast meanwhile', async () => {
    const student = sandbox.student('Rex Dev');
    const { latencies } = await whileProbing(async () => {
      for (const pattern of CATASTROPHIC) {
        const response = await request(server)
          .post('/api/run-dev')
          .set(student.auth)
          .send({ taskId: 'sentiment', program: programWith(pattern) });
        expect(response.status, pattern).toBe(200);
        const done = parseSse(response.text).find((e) => e.event === 'done');
        expect(done, `${pattern}: ${response.text.slice(0, 300)}`).toBeDefined();
        const report = done!.data.report;
        expect(report.counts.total).toBe(22);
        // Extraction never turns into an errored case.
        expect(report.counts.errored, pattern).toBe(0);
      }
    });
    expectResponsive(latencies);
  });

  it('submissions are graded (not failed, not re-queued), and /healthz stays fast meanwhile', async () => {
    const { results, latencies } = await whileProbing(async (round) => {
      // The daily limit is per student and task: two new students each round.
      const students = [sandbox.student(`Rex One ${round}`), sandbox.student(`Rex Two ${round}`)];
      const submitted: string[] = [];
      for (const [index, pattern] of CATASTROPHIC.entries()) {
        const student = students[index % students.length]!;
        const response = await request(server)
          .post('/api/submissions')
          .set(student.auth)
          .send({ taskId: 'sentiment', program: programWith(pattern) });
        expect(response.status, pattern).toBe(202);
        submitted.push(response.body.submission.id as string);
      }
      await sandbox.services.queue.idle();
      return submitted;
    });
    for (const id of results.flat()) {
      const submission = (await sandbox.services.submissions.get(id))!;
      expect(submission.status, `${submission.error ?? ''}`).toBe('graded');
      expect(submission.report!.counts).toMatchObject({ total: 32, errored: 0 });
    }
    expectResponsive(latencies);
  });

  it('patterns the engine cannot run are refused with 422 and a message that says how to fix them', async () => {
    const student = sandbox.student('Rex Refused');
    for (const { pattern, message } of REFUSED) {
      const program = programWith(pattern);
      const responses = [
        await request(server)
          .post('/api/run')
          .set(student.auth)
          .send({ taskId: 'sentiment', program, case: { caseId: 'dev-001' } }),
        await request(server).post('/api/run-dev').set(student.auth).send({ taskId: 'sentiment', program }),
        await request(server).post('/api/submissions').set(student.auth).send({ taskId: 'sentiment', program }),
      ];
      for (const response of responses) {
        expect(response.status, pattern.slice(0, 60)).toBe(422);
        expect(response.body.error.details.problems).toEqual([expect.stringMatching(/^answer\.extract: /)]);
        expect(response.body.error.details.problems[0]).toMatch(message);
        expect(response.body.error.message).not.toMatch(/model/i);
      }
      // The program checker the playground shows while typing says the same.
      const rendered = await request(server).post('/api/render').set(student.auth).send({ taskId: 'sentiment', program }).expect(200);
      expect(rendered.body.problems).toEqual([expect.stringMatching(message)]);
    }
    // Nothing reached the model, and no submission was used up.
    expect(await sandbox.services.submissions.countToday(student.user.id, 'sentiment')).toBe(0);
  });
});
