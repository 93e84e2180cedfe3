// One scenario's grading throughput: a batch of submissions sent at once over the web processes,
// timed from the first claim to the last grade (from the rows), with the CPU the workers, the web
// processes and (on PostgreSQL) the database spent meanwhile. And the warm-up before it: every
// worker has loaded the model and run it (a worker under a deadline has been up for a while).
import os from 'node:os';
import { SURGE_CASES_PER_SUBMISSION } from '../surge/surge-task.js';
import { latencyOf } from './latency.js';
import type { PgLoad, openPgLoad } from './pg-load.js';
import { ownCpuMs, treeCpuMs } from './proc-cpu.js';
import { type RowReader, submitBatch, waitGraded } from './submissions.js';

export type Setup = {
  bases: string[];
  tokens: string[];
  reader: RowReader;
  /** The processes that grade (workers, or the `serve --role all` process) and the web processes. */
  graderPids: number[];
  webPids: number[];
  /** Cores the grading may use (one a one-core worker): for the per-core cost of a case. */
  cores: number;
  pgLoad?: Awaited<ReturnType<typeof openPgLoad>>;
};

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const loadAverage = () => round(os.loadavg()[0]!, 2);

/** Sends submissions until every grading process has graded at least one (at most 5 rounds). */
export async function warmUp(setup: Setup): Promise<void> {
  const seen = new Set<number>();
  for (let round = 0; round < 5 && seen.size < setup.graderPids.length; round++) {
    const { ids } = await submitBatch(setup.bases, setup.tokens, 2 * setup.graderPids.length);
    const timing = await waitGraded(setup.reader, ids);
    for (const pid of setup.graderPids) if (timing.owners.some((owner) => owner.includes(`:${pid}:`))) seen.add(pid);
  }
  if (seen.size < setup.graderPids.length) throw new Error(`only ${seen.size} of ${setup.graderPids.length} grading processes took a warm-up submission`);
}

export async function measureBatch(name: string, setup: Setup, count: number) {
  const loadBefore = loadAverage();
  const cpu = () => ({ graders: treeCpuMs(setup.graderPids), gradersOwn: ownCpuMs(setup.graderPids), web: treeCpuMs(setup.webPids) });
  await setup.pgLoad?.start();
  const windowStart = performance.now();
  const before = cpu();
  const sent = await submitBatch(setup.bases, setup.tokens, count);
  const timing = await waitGraded(setup.reader, sent.ids);
  const after = cpu();
  const windowSeconds = (performance.now() - windowStart) / 1000;
  const db: PgLoad | undefined = await setup.pgLoad?.end();
  const cases = count * SURGE_CASES_PER_SUBMISSION;
  const seconds = (timing.lastGraded - timing.firstClaim) / 1000;
  const result = {
    scenario: name,
    submissions: count,
    cases,
    graded: timing.graded,
    failed: timing.failed,
    gradingSeconds: round(seconds, 2),
    submissionsPerMinute: round(count / (seconds / 60)),
    /** Wall time per case: what the whole scenario delivers. */
    wallMsPerCase: round((seconds * 1000) / cases),
    /** Wall time per case times the cores grading: a core's time per case. */
    coreMsPerCase: round((seconds * 1000 * setup.cores) / cases),
    /** CPU of the grading processes and their pool members per case (load-independent, unlike wall time). */
    graderCpuMsPerCase: round((after.graders - before.graders) / cases),
    /** Of which the grading process itself (queue, grading, database client; not the model): per submission. */
    graderOwnCpuMsPerSubmission: round((after.gradersOwn - before.gradersOwn) / count),
    /** The web processes' CPU over the window (their idle work included) per submission. */
    webCpuMsPerSubmission: round((after.web - before.web) / count),
    /** Submissions graded by each grading process (by pid). */
    gradedBy: Object.fromEntries(
      setup.graderPids.map((pid) => [pid, Object.entries(timing.byOwner).reduce((n, [owner, count]) => (owner.includes(`:${pid}:`) ? n + count : n), 0)]),
    ),
    submitPostMs: latencyOf(sent.ms),
    windowSeconds: round(windowSeconds, 2),
    ...(db
      ? {
          database: {
            window: db,
            perSubmission: {
              statements: round(db.statements / count),
              executionMs: round(db.executionMs / count, 2),
              writeTransactions: round(db.writeTransactions / count),
              walKiB: round(db.walBytes / 1024 / count),
              serverCpuMs: round(db.serverCpuMs / count),
            },
          },
        }
      : {}),
    loadAverage: { before: loadBefore, after: loadAverage() },
  };
  const dbLine = result.database
    ? ` | db/submission ${result.database.perSubmission.statements} statements, ${result.database.perSubmission.writeTransactions} write tx, ${result.database.perSubmission.serverCpuMs} ms CPU`
    : '';
  console.log(
    `${name.padEnd(34)} ${result.graded}/${count} graded | ${result.gradingSeconds.toFixed(1).padStart(5)} s | ${result.submissionsPerMinute.toFixed(1).padStart(6)} /min | ${result.wallMsPerCase} ms/case wall, ${result.graderCpuMsPerCase} ms CPU | POST p50 ${result.submitPostMs.p50} ms${dbLine} | load ${loadBefore} -> ${result.loadAverage.after}`,
  );
  return result;
}
