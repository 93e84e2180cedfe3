// Deadlines of students: the catalog's per-task deadline with the student's extension applied,
// the check made at submit time (refused after the cutoff), the lateness columns kept in step
// with the current policy, and the grade that counts per student and task.
//
// Why recompute stored columns rather than compute at every read: lists, the grades CSV and the
// grading desk's filters read summary columns (never reports), and "late" must be filterable in
// SQL. The inputs of lateness are the submission time (stored), the assignment file (read once at
// start) and extensions (changed only through this module), so recomputing at start and after each
// extension change keeps the columns exact. Raw points are never touched: no re-grading.
import type { Catalog } from '../catalog/catalog.js';
import type { Clock } from '../clock.js';
import { PastCutoff } from '../core/errors.js';
import { countingSubmission, effectiveDeadline, finalPoints, formatInZone, lateness, type EffectiveDeadline, type Lateness } from '../shared/late-policy.js';
import type { SubmissionStorePort } from '../submissions/submission-ports.js';
import type { SubmissionLateness, SubmissionRow } from '../submissions/submission-store.js';
import type { ExtensionsStorePort } from './extensions-ports.js';
import type { Extension } from './extensions-store.js';

/** The grade of one student on one task under the "which counts" rule. */
export type TaskGrade = {
  submissionId: string;
  rawPoints: number;
  penaltyPercent: number;
  finalPoints: number;
  late: boolean;
  lateMs: number;
};

export type Deadlines = {
  /** Reading only: grants and revokes go through grant() and revoke() below, so the columns follow. */
  extensions: Pick<ExtensionsStorePort, 'get' | 'list' | 'audit'>;
  forStudent(userId: string, taskId: string): Promise<EffectiveDeadline>;
  /** Lateness of a submission made now; throws PastCutoff when refused. */
  admit(userId: string, taskId: string, taskTitle: string): Promise<SubmissionLateness>;
  /** Lateness of a submission made now, never refused (staff trying a task). */
  measure(userId: string, taskId: string): Promise<SubmissionLateness>;
  /** Rewrites the lateness columns of the matching submissions; returns how many changed. */
  recompute(filter?: { userId?: string; taskId?: string }): Promise<number>;
  grant(grant: { userId: string; taskId: string; due: string; cutoff: string | null; note: string | null }, actor: string): Promise<Extension>;
  revoke(userId: string, taskId: string, actor: string): Promise<boolean>;
  /** Per user, per task: the grade that counts (graded submissions only, from summary columns). */
  grades(filter?: { userId?: string }): Promise<Map<string, Map<string, TaskGrade>>>;
};

/** The columns of a lateness (callers never pass a refused one: it is not stored). */
export function storedLateness(result: Lateness): SubmissionLateness {
  return { status: result.status === 'refused' ? 'late' : result.status, lateMs: result.lateMs, penaltyPercent: result.penaltyPercent };
}

export function createDeadlines(deps: { catalog: Catalog; submissions: SubmissionStorePort; extensions: ExtensionsStorePort; clock: Clock }): Deadlines {
  const { catalog, submissions, extensions, clock } = deps;
  const forStudent = async (userId: string, taskId: string) => effectiveDeadline(catalog.deadline(taskId), await extensions.get(userId, taskId));

  async function recompute(filter: { userId?: string; taskId?: string } = {}): Promise<number> {
    const rows = await submissions.list(filter);
    const cache = new Map<string, EffectiveDeadline>();
    const updates: { id: string; lateness: SubmissionLateness }[] = [];
    for (const row of rows) {
      const key = `${row.userId}\u0000${row.taskId}`;
      let deadline = cache.get(key);
      if (!deadline) cache.set(key, (deadline = await forStudent(row.userId, row.taskId)));
      // A stored submission was accepted: a cutoff moved earlier since (or an extension revoked)
      // does not refuse it after the fact; it is late with the penalty of its lateness.
      updates.push({ id: row.id, lateness: storedLateness(lateness({ ...deadline, cutoff: null }, Date.parse(row.createdAt))) });
    }
    return submissions.setLateness(updates);
  }

  return {
    extensions,
    forStudent,
    async admit(userId, taskId, taskTitle) {
      const deadline = await forStudent(userId, taskId);
      const result = lateness(deadline, clock.now());
      if (result.status === 'refused') {
        const when = formatInZone(deadline.cutoff!, deadline.timeZone, 'en-US');
        throw new PastCutoff({ taskTitle, cutoff: deadline.cutoff!, timeZone: deadline.timeZone, when });
      }
      return storedLateness(result);
    },
    measure: async (userId, taskId) => storedLateness(lateness({ ...(await forStudent(userId, taskId)), cutoff: null }, clock.now())),
    recompute,
    async grant(grant, actor) {
      const extension = await extensions.grant(grant, actor);
      await recompute({ userId: grant.userId, taskId: grant.taskId });
      return extension;
    },
    async revoke(userId, taskId, actor) {
      const revoked = await extensions.revoke(userId, taskId, actor);
      if (revoked) await recompute({ userId, taskId });
      return revoked;
    },
    async grades(filter = {}) {
      const byKey = new Map<string, SubmissionRow[]>();
      for (const row of await submissions.list(filter.userId ? { userId: filter.userId } : {})) {
        if (row.status !== 'graded') continue;
        const key = `${row.userId}\u0000${row.taskId}`;
        const list = byKey.get(key);
        if (list) list.push(row);
        else byKey.set(key, [row]);
      }
      const all = new Map<string, Map<string, TaskGrade>>();
      for (const rows of byKey.values()) {
        const first = rows[0]!;
        const counted = countingSubmission(rows, catalog.deadline(first.taskId).counts);
        if (!counted || counted.points === null) continue;
        const penalty = counted.penaltyPercent ?? 0;
        let grades = all.get(first.userId);
        if (!grades) all.set(first.userId, (grades = new Map()));
        grades.set(first.taskId, {
          submissionId: counted.id,
          rawPoints: counted.points,
          penaltyPercent: penalty,
          finalPoints: counted.finalPoints ?? finalPoints(counted.points, penalty),
          late: counted.lateStatus === 'late',
          lateMs: counted.lateMs ?? 0,
        });
      }
      return all;
    },
  };
}
