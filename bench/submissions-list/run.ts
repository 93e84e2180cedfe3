// The staff submissions list at 1,000 submissions with ~20 KB reports: the old path (every row's
// report read and parsed to show a summary) against the summary columns, in one run, interleaved so
// that both see the same machine load. Also the real endpoint, GET /api/staff/submissions over HTTP.
// Run: npm run bench:submissions-list   (figures go to bench/results/submissions-list.json)
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GradeReport } from '../../server/core/grade-report.js';
import { submissionSummary } from '../../server/http/submission-view.js';
import { toRow, type StoredSubmission, type SummaryRow } from '../../server/submissions/submission-store.js';
import { createTestSandbox } from '../../testkit/sandbox-app.js';

const SUBMISSIONS = 1_000;
const STUDENTS = 100;
const RUNS = 40;
const REPORT_BYTES = 20_000;

/** A report shaped like the grader's: per-case detail for the dev split, hidden aggregates, ~20 KB. */
function syntheticReport(id: string, seed: number): GradeReport {
  const cases = [];
  for (let i = 0; JSON.stringify(cases).length < REPORT_BYTES - 1_500; i++) {
    cases.push({
      caseId: `dev-${i}`,
      hidden: false,
      inputs: { review: `An ordinary review number ${i} of submission ${seed}: the plot was fine, the acting uneven, the ending too long for what it said.` },
      expected: i % 2 ? 'positive' : 'negative',
      output: `Sentiment: ${i % 3 ? 'positive' : 'negative'} (the reviewer mentions the acting and the ending; overall tone ${i % 2 ? 'warm' : 'cool'})`,
      answer: i % 3 ? 'positive' : 'negative',
      scores: [{ name: 'exact-match', score: i % 3 ? 1 : 0 }],
      usage: { promptTokens: 80 + i, completionTokens: 12 },
    });
  }
  const correct = 20 + (seed % 12);
  return {
    submissionId: id,
    taskId: 'sentiment',
    taskVersion: '1',
    split: 'test',
    metric: correct / 32,
    points: Math.round((correct / 32) * 1000) / 100,
    maxPoints: 10,
    counts: { total: 32, errored: seed % 3, correct },
    cases,
    usage: { promptTokens: 4_000, completionTokens: 600, cacheHits: 0, modelCalls: 54 },
    durationMs: 1_234,
  } as unknown as GradeReport;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const stats = (values: number[]) => ({ p50: percentile(values, 0.5), max: Math.max(...values), mean: values.reduce((a, b) => a + b, 0) / values.length });

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-submissions-list-'));
  // The model server is never called: submissions are written as graded directly through the store.
  const sandbox = await createTestSandbox({ dir, baseURL: 'http://127.0.0.1:9/v1', apiKey: 'unused', startQueue: false });
  const { submissions } = sandbox.services;
  const students = Array.from({ length: STUDENTS }, (_, i) => sandbox.student(`Student ${i}`));
  const staff = sandbox.staff();
  let reportBytes = 0;
  for (let i = 0; i < SUBMISSIONS; i++) {
    const student = students[i % STUDENTS]!;
    const { submission } = await submissions.create(
      {
        userId: student.user.id,
        taskId: 'sentiment',
        taskVersion: '1',
        program: { kind: 'text', model: 'gpt-4o-mini', instruction: `Try ${i}` },
        model: 'gpt-4o-mini',
        maxPoints: 10,
      },
      null,
    );
    const claimed = (await submissions.claimNext())!;
    const report = syntheticReport(submission.id, i);
    reportBytes += JSON.stringify(report).length;
    await submissions.complete(claimed.id, claimed.lease!, report);
  }
  sandbox.db.pragma('wal_checkpoint(TRUNCATE)');

  // The old path, as the list was built before the summary columns: every column of every row, the
  // program and the report parsed, then the summary (the same function the routes use).
  const oldQuery = sandbox.db.prepare('SELECT * FROM submissions ORDER BY created_at DESC, rowid DESC');
  const oldList = () =>
    JSON.stringify({
      submissions: (oldQuery.all() as Record<string, unknown>[]).map((row) => {
        const program = JSON.parse(row.program as string) as unknown;
        const report = row.report ? (JSON.parse(row.report as string) as GradeReport) : null;
        const stored = { ...toRow(row as unknown as SummaryRow), program, report } as StoredSubmission;
        return submissionSummary(stored, 'staff');
      }),
    });
  const newList = async () => JSON.stringify({ submissions: (await submissions.list({})).map((row) => submissionSummary(row, 'staff')) });
  if (JSON.parse(oldList()).submissions.length !== SUBMISSIONS || (await newList()).length === 0) throw new Error('lists are incomplete');

  const server: http.Server = await new Promise((resolve) => {
    const listening = http.createServer(sandbox.listener).listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/staff/submissions`;
  // The endpoint pages (at most 200 a page): the whole list is every page, read in turn.
  const httpList = async () => {
    const all: unknown[] = [];
    for (let page = 1; ; page++) {
      const response = await fetch(`${url}?pageSize=200&page=${page}`, { headers: staff.auth });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { submissions: unknown[]; total: number };
      all.push(...body.submissions);
      if (all.length >= body.total || body.submissions.length === 0) return { submissions: all };
    }
  };
  if ((await httpList()).submissions.length !== SUBMISSIONS) throw new Error('the endpoint does not list every submission');
  // What the staff page asks for: the first page of 50, newest first.
  const httpPage = async () => {
    const response = await fetch(url, { headers: staff.auth });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    return response.json();
  };

  const time = async (fn: () => unknown) => {
    const started = performance.now();
    await fn();
    return performance.now() - started;
  };
  // Warm-up (JIT, page cache), then interleaved runs.
  for (let i = 0; i < 5; i++) oldList(), await newList(), await httpList(), await httpPage();
  const samples = { old: [] as number[], summaries: [] as number[], http: [] as number[], page: [] as number[] };
  const load = os.loadavg();
  for (let i = 0; i < RUNS; i++) {
    samples.old.push(await time(oldList));
    samples.summaries.push(await time(newList));
    samples.http.push(await time(httpList));
    samples.page.push(await time(httpPage));
  }
  const loadAfter = os.loadavg();
  server.close();
  await sandbox.stop();
  fs.rmSync(dir, { recursive: true, force: true });

  const results = {
    benchmark: 'submissions-list',
    recordedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
    loadAverage1m: { before: round(load[0]!), after: round(loadAfter[0]!) },
    submissions: SUBMISSIONS,
    meanReportBytes: Math.round(reportBytes / SUBMISSIONS),
    runs: RUNS,
    ms: {
      beforeReportsParsed: roundAll(stats(samples.old)),
      afterSummaryColumns: roundAll(stats(samples.summaries)),
      afterHttpEndpoint: roundAll(stats(samples.http)),
      httpFirstPage: roundAll(stats(samples.page)),
    },
    speedupP50: round(stats(samples.old).p50 / stats(samples.summaries).p50),
  };
  console.log(
    `Staff submissions list: ${SUBMISSIONS} submissions, reports of ${(results.meanReportBytes / 1000).toFixed(1)} KB on average, ${RUNS} runs each (interleaved), load average ${results.loadAverage1m.before} -> ${results.loadAverage1m.after}`,
  );
  console.log('path                                         |  p50 ms |  max ms');
  for (const [label, value] of [
    ['before: SELECT *, every report parsed', results.ms.beforeReportsParsed],
    ['after: summary columns', results.ms.afterSummaryColumns],
    ['after: GET every page (200 each) over HTTP', results.ms.afterHttpEndpoint],
    ['GET the first page (50) over HTTP', results.ms.httpFirstPage],
  ] as const) {
    console.log(`${label.padEnd(44)} | ${value.p50.toFixed(1).padStart(7)} | ${value.max.toFixed(1).padStart(7)}`);
  }
  console.log(`p50 speed-up of the list query: ${results.speedupP50}x`);
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results', 'submissions-list.json');
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
}

const round = (value: number) => Math.round(value * 100) / 100;
const roundAll = (value: Record<string, number>) =>
  Object.fromEntries(Object.entries(value).map(([key, v]) => [key, round(v)])) as { p50: number; max: number; mean: number };

await main();
