// The staff grading desk's part of the HTTP contract (server/core/api.ts holds the rest): the
// submissions list with filters, sorting and pages, the grading queue, bulk re-grades, a page per
// student, staff membership and the roster's token export. Query strings are zod schemas too, so a
// mistyped filter is a 400 that names it rather than a silently empty list.
import { z } from 'zod';
import type { StudentSummary, SubmissionStatus, SubmissionSummary, User } from './api.js';
import { TaskIdSchema } from './task.js';

export const UserIdSchema = z.string().regex(/^u_[A-Za-z0-9_-]{1,40}$/, 'is not a user id');
/** A day (YYYY-MM-DD, UTC) or an ISO instant. */
const DateBoundSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, 'must be a date (2026-03-01) or an ISO time (2026-03-01T12:00:00Z)');

export const StaffSubmissionSortSchema = z.enum(['createdAt', 'points', 'status', 'taskId', 'student']);
export type StaffSubmissionSort = z.infer<typeof StaffSubmissionSortSchema>;

/**
 * GET /api/staff/submissions?taskId=&userId=&status=&from=&to=&sort=&order=&page=&pageSize=
 * `from` and `to` bound created_at (a bare day means the whole UTC day, both ends included).
 * `late`: `late` (past due and grace, penalised or not), `grace` (within the grace period), `on-time`.
 */
export const StaffSubmissionsQuerySchema = z
  .object({
    taskId: TaskIdSchema.optional(),
    userId: UserIdSchema.optional(),
    status: z.enum(['queued', 'grading', 'graded', 'failed']).optional(),
    from: DateBoundSchema.optional(),
    to: DateBoundSchema.optional(),
    late: z.enum(['on-time', 'grace', 'late']).optional(),
    sort: StaffSubmissionSortSchema.default('createdAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type StaffSubmissionsQuery = z.infer<typeof StaffSubmissionsQuerySchema>;

export type StudentRef = { id: string; name: string; email: string; section: string | null };
/** One page of the list; `students` names everyone on the page (summaries carry only user ids). */
export type StaffSubmissionsResponse = {
  submissions: SubmissionSummary[];
  students: Record<string, StudentRef>;
  total: number;
  page: number;
  pageSize: number;
};

/** GET /api/staff/queue: what waits, what runs, what failed lately. Times in ms, from the server's clock. */
export type QueueEntry = {
  id: string;
  taskId: string;
  student: StudentRef;
  model: string;
  status: SubmissionStatus;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  /** Queued: since it was submitted. Grading: from submission to the start of this attempt. */
  waitedMs: number;
  /** Grading: how long this attempt has run. */
  runningMs: number | null;
  progress: { done: number; total: number; errored: number } | null;
  failureKind: SubmissionSummary['failureKind'];
  failureReason: string | null;
  error: string | null;
  gradedAt: string | null;
  /** Failed: the queue gave up on it (attempts used up by the server's failures or dead workers), when and why. */
  deadLetter: { at: string; reason: string } | null;
};
export type QueueResponse = { now: string; queued: QueueEntry[]; grading: QueueEntry[]; failed: QueueEntry[]; failedTotal: number };

/** POST /api/staff/tasks/:taskId/regrade -> 202 { job }; GET /api/staff/regrade-jobs/:id -> { job } (poll until finished). */
export type RegradeChange = {
  submissionId: string;
  student: StudentRef;
  oldStatus: SubmissionStatus;
  oldPoints: number | null;
  newStatus: SubmissionStatus;
  newPoints: number | null;
};
export type RegradeJob = {
  id: string;
  taskId: string;
  createdAt: string;
  requestedBy: string;
  /** Submissions re-queued (graded or failed ones; those still queued or grading are graded with the fix anyway). */
  total: number;
  done: number;
  failed: number;
  finished: boolean;
  /** Submissions whose points or status changed so far, old -> new. */
  changes: RegradeChange[];
  /** Per student, the best points on the task among the re-graded submissions, where it changed. */
  students: { student: StudentRef; oldBest: number | null; newBest: number | null }[];
};
export type RegradeJobResponse = { job: RegradeJob };
/** GET /api/staff/tasks/:taskId/regrade-jobs -> the task's jobs, newest first. */
export type RegradeJobsResponse = { jobs: RegradeJob[] };

/** GET /api/staff/students/:id: everything about one person. The deadlines work adds `extensions`. */
export type TokenStatus = { status: 'active' | 'revoked' | 'none'; issuedAt: string | null; revokedAt: string | null };
export type StaffStudentResponse = {
  user: User;
  token: TokenStatus;
  submissions: SubmissionSummary[];
  drafts: { taskId: string; updatedAt: string }[];
  usage: StudentSummary & { cacheHits: number; failed: number; gradingTokens: number; gradingCostUsd: number };
};

/** GET /api/staff/members -> { members }; POST adds one (or promotes a student) and returns a one-time sign-in path. */
export const AddStaffBodySchema = z.object({ email: z.string().trim().email().max(200), name: z.string().trim().min(1).max(200) }).strict();
export type StaffMembersResponse = { members: (User & { signedIn: boolean })[] };
export type AddStaffResponse = { member: User; signInPath: string };
// DELETE /api/staff/members/:id -> 204; 409 when it is the last staff member (checked in the same statement).

/**
 * POST /api/staff/tokens/export -> text/csv (email,name,section,token): re-issues the students' tokens
 * (the old ones stop working, with their sessions) and returns the new ones this once.
 */
export const TokenExportBodySchema = z.union([
  z.object({ userIds: z.array(UserIdSchema).min(1).max(10_000) }).strict(),
  z.object({ withoutActiveToken: z.literal(true) }).strict(),
]);
export type TokenExportBody = z.infer<typeof TokenExportBodySchema>;
