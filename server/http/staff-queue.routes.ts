// GET /api/staff/queue: the grading queue as staff watch it (the page polls it): what waits and
// for how long, what is being graded (with its progress, whichever process grades it), and the
// latest failures with their cause, dead-lettered ones (the queue gave up on them) marked with its reason. Mounted behind requireStaff.
import { Router } from 'express';
import { z } from 'zod';
import type { QueueEntry, QueueResponse } from '../core/staff-desk-api.js';
import type { QueueRow } from '../submissions/submission-search.js';
import type { AppDeps } from './app-deps.js';
import { studentRefs } from './student-ref.js';
import { parseQuery } from './validate.js';

const QueueQuerySchema = z.object({ failed: z.coerce.number().int().min(1).max(500).default(50) }).strict();

export function staffQueueRoutes(deps: AppDeps): Router {
  const router = Router();
  const { search, queue, accounts } = deps.services;

  router.get('/staff/queue', async (request, response) => {
    const { failed: failedLimit } = parseQuery(QueueQuerySchema, request.query);
    const now = deps.clock.now();
    const ref = await studentRefs(accounts);
    const since = (iso: string | null, until: number) => (iso ? Math.max(0, until - Date.parse(iso)) : 0);
    const view = await search.queue({ failedLimit });
    const dead = await queue.deadLetters(view.failed.map((row) => row.id));
    const progress = new Map(await Promise.all(view.grading.map(async (row) => [row.id, await queue.progress(row.id)] as const)));
    const entry = (row: QueueRow): QueueEntry => {
      const started = row.startedAt ? Date.parse(row.startedAt) : null;
      const grading = row.status === 'grading';
      return {
        id: row.id,
        taskId: row.taskId,
        student: ref(row.userId),
        model: row.model,
        status: row.status,
        attempts: row.attempts,
        createdAt: row.createdAt,
        startedAt: row.startedAt,
        waitedMs: grading && started !== null ? since(row.createdAt, started) : since(row.createdAt, now),
        runningMs: grading && started !== null ? Math.max(0, now - started) : null,
        progress: grading ? (progress.get(row.id) ?? null) : null,
        failureKind: row.status === 'failed' ? row.failureKind : null,
        failureReason: row.status === 'failed' ? row.failureReason : null,
        error: row.status === 'failed' ? row.error : null,
        gradedAt: row.gradedAt,
        deadLetter: row.status === 'failed' ? (dead.get(row.id) ?? null) : null,
      };
    };
    const result: QueueResponse = {
      now: new Date(now).toISOString(),
      queued: view.queued.map(entry),
      grading: view.grading.map(entry),
      failed: view.failed.map(entry),
      failedTotal: view.failedTotal,
    };
    response.json(result);
  });
  return router;
}
