// The grading queue of a process on PostgreSQL: one pg-boss instance on the same database (its own
// schema, `pgboss`), started with the process and stopped after the queue. Every process starts
// one (pg-boss coordinates its maintenance between them); only `worker` and `all` processes start
// its workers, `web` processes only send jobs. Loaded only when DATABASE_URL names PostgreSQL.
import PgBoss from 'pg-boss';
import { errorMessage } from '../core/errors.js';
import type { QueueLimits, QueueParts, SubmissionQueue } from './grading-queue.js';
import { createPgBossGradingQueue, ensureGradingQueues, type PgBossQueueSettings, sendGradingJob } from './pgboss-grading-queue.js';

export type PgQueueSettings = PgBossQueueSettings & { maintenanceIntervalSeconds: number };

export type OpenedPgBossQueue = {
  /** Builds the queue over the services' parts (ServiceDeps.queue). */
  queue: (parts: QueueParts) => Promise<SubmissionQueue>;
  /** Stops pg-boss (after the queue itself stopped). */
  stop(): Promise<void>;
};

export async function openPgBossQueue(url: string, settings: PgQueueSettings, log: (line: string) => void): Promise<OpenedPgBossQueue> {
  // No cron schedules: the sandbox sends jobs only when a submission is queued.
  const boss = new PgBoss({ connectionString: url, maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds, schedule: false });
  boss.on('error', (error: unknown) => log(`job queue (pg-boss): ${errorMessage(error)}`));
  await boss.start();
  return {
    queue: (parts) => createPgBossGradingQueue({ boss, ...parts, settings }),
    stop: () => boss.stop({ graceful: false, wait: true }),
  };
}

/**
 * Sends a grading job for each of these submissions, from a process that grades nothing itself
 * (`db copy`: the submissions that were waiting in the SQLite file). Creates pg-boss's schema and
 * the queues when the database has none yet.
 */
export async function sendGradingJobs(url: string, ids: readonly string[], limits: QueueLimits, settings: PgBossQueueSettings): Promise<void> {
  // No maintenance and no schedules: this instance lives for a few sends; the workers' do the rest.
  const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false });
  await boss.start();
  try {
    await ensureGradingQueues(boss, limits, settings);
    for (const id of ids) await sendGradingJob(boss, id);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
