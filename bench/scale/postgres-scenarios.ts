// The PostgreSQL deployment: two `serve --role web` processes and one, then two, `sandbox worker`s
// of one core each, on one throwaway cluster (pg_stat_statements loaded). In order:
// latency while idle (gateway, then POST /api/submissions: those submissions then warm the first
// worker up), throughput with one worker (a) and two (b), latency while two workers grade, and the
// database's background load with everything idle.
import os from 'node:os';
import { startPostgresCluster } from '../../testkit/postgres-cluster.js';
import type { Deployment } from './deployment.js';
import { gatewayLatency, submitLatency, warmWeb } from './latency.js';
import { openPgLoad, PG_STAT_SETTINGS, type PgLoad } from './pg-load.js';
import { type SandboxProcess, startSandbox } from './sandbox-processes.js';
import { postgresRows, submitBatch, waitGraded } from './submissions.js';
import { measureBatch, type Setup, warmUp } from './throughput.js';

const GATEWAY = { clientsPerWeb: 4, perClientRps: 10, seconds: 5 };
const POSTS = { perSecond: 4, seconds: 5 };
const IDLE_SECONDS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const perSecond = (load: PgLoad, seconds: number) => ({
  statements: Math.round(load.statements / seconds),
  writeTransactions: Math.round((load.writeTransactions / seconds) * 10) / 10,
  walKiB: Math.round(load.walBytes / 1024 / seconds),
  serverCpuMs: Math.round(load.serverCpuMs / seconds),
});
const perRequest = (load: PgLoad, count: number) => ({
  statements: Math.round((load.statements / count) * 10) / 10,
  writeTransactions: Math.round((load.writeTransactions / count) * 10) / 10,
  walKiB: Math.round((load.walBytes / 1024 / count) * 10) / 10,
  serverCpuMs: Math.round((load.serverCpuMs / count) * 100) / 100,
});

export async function postgresScenarios(deployment: Deployment, submissions: number) {
  const cluster = await startPostgresCluster({ settings: PG_STAT_SETTINGS });
  const url = cluster.createDatabase('scale');
  const pgLoad = await openPgLoad(url);
  const reader = postgresRows(url);
  const processes: SandboxProcess[] = [];
  try {
    const tokens = (await deployment.students(url, 10, 'pg')).map((s) => s.token);
    const start = async (args: string[], oneCore = false) => {
      const started = await startSandbox(args, deployment.env(url, { inferencePool: 1 }), { oneCore });
      processes.push(started);
      return started;
    };
    const webs = [await start(['serve', '--role', 'web']), await start(['serve', '--role', 'web'])];
    const bases = webs.map((w) => w.base);
    const background = async (what: string) => {
      await pgLoad.start();
      await sleep(IDLE_SECONDS * 1000);
      return { what, perSecond: perSecond(await pgLoad.end(), IDLE_SECONDS) };
    };

    const warmIds = await warmWeb(bases, tokens);
    // Idle: the two web processes only. Each window's database load is recorded.
    const idleWebs = await background('2 web processes, idle');
    await pgLoad.start();
    const gatewayIdle = await gatewayLatency(bases, tokens[0]!, GATEWAY);
    const gatewayDb = await pgLoad.end();
    await pgLoad.start();
    const postIdle = await submitLatency(bases, tokens, POSTS);
    const postDb = await pgLoad.end();
    console.log(
      `idle: gateway p50 ${gatewayIdle.p50} p99 ${gatewayIdle.p99} ms (${gatewayIdle.count}); POST p50 ${postIdle.latency.p50} p99 ${postIdle.latency.p99} ms`,
    );

    // (a) one worker (one core); the submissions so far are its warm-up.
    const first = await start(['worker'], true);
    await waitGraded(reader, [...warmIds, ...postIdle.ids]);
    const setup = (graders: SandboxProcess[]): Setup => ({
      bases,
      tokens,
      reader,
      graderPids: graders.map((g) => g.pid),
      webPids: webs.map((w) => w.pid),
      cores: graders.length,
      pgLoad,
    });
    const a = await measureBatch('PostgreSQL, 1 worker', setup([first]), submissions);
    // (b) a second worker, warmed up too.
    const second = await start(['worker'], true);
    await warmUp(setup([first, second]));
    const b = await measureBatch('PostgreSQL, 2 workers', setup([first, second]), submissions);

    // Latency while both workers grade a batch queued just before.
    const busy = await submitBatch(bases, tokens, submissions);
    const windowStart = Date.now();
    const [gatewayBusy, postBusy] = await Promise.all([gatewayLatency(bases, tokens[1]!, GATEWAY), submitLatency(bases, tokens, POSTS)]);
    const windowEnd = Date.now();
    const busyTiming = await waitGraded(reader, [...busy.ids, ...postBusy.ids]);
    console.log(
      `grading: gateway p50 ${gatewayBusy.p50} p99 ${gatewayBusy.p99} ms (${gatewayBusy.count}); POST p50 ${postBusy.latency.p50} p99 ${postBusy.latency.p99} ms; graded until ${((busyTiming.lastGraded - windowEnd) / 1000).toFixed(1)} s after the window`,
    );
    const idleAll = await background('2 web processes and 2 workers, idle');

    return {
      throughput: [a, b],
      latency: {
        idle: { gateway: gatewayIdle, submit: postIdle.latency },
        grading: {
          gateway: gatewayBusy,
          submit: postBusy.latency,
          windowSeconds: (windowEnd - windowStart) / 1000,
          /** Grading went on this long after the latency window (positive: the window was all under grading). */
          gradingAfterWindowSeconds: (busyTiming.lastGraded - windowEnd) / 1000,
        },
        load: { gateway: GATEWAY, submit: POSTS },
      },
      database: {
        background: [idleWebs, idleAll],
        perGatewayRequest: perRequest(gatewayDb, gatewayIdle.count),
        perSubmitPost: perRequest(postDb, postIdle.ids.length),
        gatewayWindowTop: gatewayDb.top.slice(0, 6),
        submitWindowTop: postDb.top.slice(0, 6),
      },
      cpus: os.cpus().length,
    };
  } finally {
    for (const child of processes.reverse()) await child.stop();
    await reader.close();
    await pgLoad.close();
    await cluster.stop();
  }
}
