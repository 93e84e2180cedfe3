// A pg-boss grading worker in its own process whose grading never finishes: it prints
// `grading <id>` once it holds a job, and the test SIGKILLs it there (a worker that dies mid-job,
// its job neither completed nor failed). Arguments: <sqlite file> <postgres url> <time budget ms>.
import PgBoss from 'pg-boss';
import { toAsyncPort } from '../../server/core/async-port.js';
import { createGradingLeases } from '../../server/submissions/grading-leases.js';
import { createPgBossGradingQueue } from '../../server/submissions/pgboss-grading-queue.js';
import { createSubmissionStore } from '../../server/submissions/submission-store.js';
import { openDatabase } from '../../server/storage/open-database.js';
import type { GradeReport } from '../../server/core/grade-report.js';

const [file, url, budget] = process.argv.slice(2);
if (!file || !url || !budget) throw new Error('usage: pgboss-doomed-worker <sqlite file> <postgres url> <time budget ms>');
const db = openDatabase(file);
const clock = { now: () => Date.now() };
const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false });
await boss.start();
const queue = await createPgBossGradingQueue({
  boss,
  store: toAsyncPort(createSubmissionStore(db, clock)),
  leases: toAsyncPort(createGradingLeases(db, clock)),
  workers: 1,
  log: (line) => process.stderr.write(`${line}\n`),
  publicError: () => 'error',
  limits: { timeBudgetMs: Number(budget), maxAttempts: 3, leaseMs: 60_000 },
  settings: { expireGraceSeconds: 1, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 },
  grade: (submission) => {
    process.stdout.write(`grading ${submission.id}\n`);
    return new Promise<GradeReport>(() => {});
  },
});
queue.start();
