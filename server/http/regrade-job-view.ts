// A bulk re-grade as staff read it: progress, then every submission and every student whose
// result changed, old -> new. Built from the job's items (the submissions' current columns).
import type { RegradeJob, StudentRef } from '../core/staff-desk-api.js';
import type { StoredRegradeJob } from '../submissions/regrade-jobs.js';

const finalStatus = (status: string) => status === 'graded' || status === 'failed';

export function regradeJobView(job: StoredRegradeJob, ref: (userId: string) => StudentRef): RegradeJob {
  const done = job.items.filter((item) => finalStatus(item.status));
  const changes = done
    .filter((item) => item.oldStatus !== item.status || item.oldPoints !== item.points)
    .map((item) => ({
      submissionId: item.submissionId,
      student: ref(item.userId),
      oldStatus: item.oldStatus,
      oldPoints: item.oldPoints,
      newStatus: item.status,
      newPoints: item.points,
    }));
  // Best points per student over the re-graded submissions, before and after (what the grades use).
  const best = new Map<string, { oldBest: number | null; newBest: number | null }>();
  const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  for (const item of done) {
    const entry = best.get(item.userId) ?? { oldBest: null, newBest: null };
    best.set(item.userId, { oldBest: max(entry.oldBest, item.oldPoints), newBest: max(entry.newBest, item.points) });
  }
  return {
    id: job.id,
    taskId: job.taskId,
    createdAt: job.createdAt,
    requestedBy: ref(job.requestedBy).name,
    total: job.items.length,
    done: done.length,
    failed: done.filter((item) => item.status === 'failed').length,
    finished: done.length === job.items.length,
    changes,
    students: [...best.entries()].filter(([, b]) => b.oldBest !== b.newBest).map(([userId, b]) => ({ student: ref(userId), ...b })),
  };
}
