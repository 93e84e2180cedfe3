// The HTTP API contract between the server (server/http) and the browser app (web/).
// Request bodies are zod schemas (the server validates with them); responses are types (the web
// imports them with `import type`). Server-sent-event streams list their event names and payloads.
// Every error body is ApiErrorBody with a status from server/http/errors.ts.
import { z } from 'zod';
import type { GradeReport, StudentGradeReport } from './grade-report.js';
import type { ChatMessage, ModelInfo, RenderedPrompt } from './model.js';
import type { Said } from '../shared/messages/say.js';
import { LocaleSchema, type Locale } from './locale.js';
import type { StudyConfig } from './study.js';
import { TaskIdSchema } from './task.js';

/** `said`: the message as codes for the reader's language (server/shared/messages); `message` is the English fallback. */
export type ApiErrorBody = { error: { code: string; message: string; details?: unknown; said?: Said[] } };

// ---- accounts -------------------------------------------------------------------------------
export { LocaleSchema, type Locale };
export type Role = 'student' | 'staff';
export type User = { id: string; email: string; name: string; role: Role; section: string | null; locale: Locale };

/** POST /api/auth/login -> { user } and an httpOnly SameSite=Lax session cookie. */
export const LoginBodySchema = z.object({ token: z.string().min(10).max(200) }).strict();
// GET /api/auth/one-time/:code -> sets the session cookie and redirects to / (the URL printed at first start).
// POST /api/auth/logout -> 204.
// GET /api/me -> { user }.
/** PUT /api/me/preferences -> { user } */
export const PreferencesBodySchema = z.object({ locale: LocaleSchema }).strict();

// ---- deadlines ------------------------------------------------------------------------------
// The same shapes as server/shared/late-policy.ts (core imports nothing of ours; the web passes
// these to that module, and TypeScript checks they match structurally).
export type LatePolicyView = { kind: 'none' } | { kind: 'per-day' | 'per-hour'; percent: number; cap: number };
export type LateStatusView = 'on-time' | 'grace' | 'late';
/** A student's own deadline on a task, extension included. */
export type StudentDeadline = {
  due: string | null;
  timeZone: string;
  graceMs: number;
  late: LatePolicyView;
  cutoff: string | null;
  counts: 'best' | 'last' | 'best-before-due';
  /** True when staff granted this student an extension (due and cutoff are then the extension's). */
  extended: boolean;
};
/** GET /api/tasks/:id/deadline -> the signed-in student's deadline and the server's clock (the dialog previews against it). */
export type TaskDeadlineResponse = { deadline: StudentDeadline; now: string };
/** The grade that counts on a task ("which counts": best, last or best before due). */
export type TaskGradeView = { submissionId: string; rawPoints: number; penaltyPercent: number; finalPoints: number; late: boolean; lateMs: number };

/** PUT /api/staff/extensions -> { extension }: grants or replaces one student's extension on one task. */
export const ExtensionBodySchema = z
  .object({
    userId: z.string().regex(/^u_[A-Za-z0-9_-]{1,40}$/, 'is not a user id'),
    taskId: TaskIdSchema,
    due: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time with its offset' }),
    cutoff: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time with its offset' }).nullable().default(null),
    note: z.string().trim().max(500).nullable().default(null),
  })
  .strict()
  .refine((body) => body.cutoff === null || Date.parse(body.cutoff) >= Date.parse(body.due), {
    message: 'the cutoff must not be before the new due date',
    path: ['cutoff'],
  });
export type ExtensionView = {
  userId: string;
  email: string;
  name: string;
  taskId: string;
  due: string;
  cutoff: string | null;
  note: string | null;
  grantedBy: string;
  grantedAt: string;
};
export type ExtensionAuditView = {
  userId: string;
  email: string;
  taskId: string;
  action: 'grant' | 'revoke';
  due: string | null;
  cutoff: string | null;
  note: string | null;
  actor: string;
  at: string;
};
// GET    /api/staff/extensions?taskId=&userId=  -> { extensions: ExtensionView[], audit: ExtensionAuditView[] }
// DELETE /api/staff/extensions/:userId/:taskId  -> 204 (404 when there is none)

// ---- catalog --------------------------------------------------------------------------------
export type AssignmentTaskSummary = {
  taskId: string;
  title: string;
  modality: 'text' | 'image-text';
  points: number;
  due: string | null;
  /** The signed-in student's own deadline (extension included). */
  deadline: StudentDeadline;
  /** Final points of the submission that counts ("which counts"), null when none. */
  bestPoints: number | null;
  /** The grade that counts, raw vs final, null when none. */
  grade: TaskGradeView | null;
  submissionsToday: number;
  submissionsPerDay: number;
};
/**
 * The language of staff-written text: `?lang=en|zh-CN` on GET /api/tasks, /api/tasks/:id and
 * /api/assignments (default: the signed-in user's saved language). Text missing in that language
 * comes in English, and the `...Locale` field of the response says so.
 */
export const ContentLanguageQuerySchema = z.object({ lang: LocaleSchema.optional() });
/** GET /api/assignments?lang= -> { assignments } */
export type AssignmentSummary = {
  id: string;
  title: string;
  description: string;
  /** The language `description` is in: English when the asked language has none. */
  descriptionLocale: Locale;
  tasks: AssignmentTaskSummary[];
};

export type PublicCase = { id: string; inputs: Record<string, string>; expected: unknown /** URL of the case image (image-text) */; image?: string };
/** A study's rules with its staff-written text in the student's language. */
export type PublicStudyConfig = Omit<StudyConfig, 'roles' | 'reflection'> & {
  roles: { name: string; displayName: string; description: string; models: string[] }[];
  reflection: { required: boolean; minWords: number; prompt: string };
};
/** GET /api/tasks/:id?lang= -> { task }. Never contains hidden cases: only their count. */
export type PublicTask = {
  id: string;
  version: string;
  title: string;
  description: string;
  /** The language `description` is in: English when the asked language has none (the page marks it). */
  descriptionLocale: Locale;
  modality: 'text' | 'image-text';
  mode: 'classify' | 'retrieve';
  models: string[];
  /** `labelNames`: how each label is shown, in the student's language (labels without one: absent). */
  fields: { input: string | string[]; expected: string; labels?: string[]; labelNames?: Record<string, string> };
  limits: { maxExamples: number; maxPromptTokens: number; maxOutputTokens: number; maxTemplates: number };
  evaluators: { name: string; evaluator: string; weight: number }[];
  metric: { aggregate: string; threshold: number };
  points: { max: number; baseline: number; target: number };
  submissions: { perDay: number };
  dev: PublicCase[];
  testCount: number;
  /** Set on study tasks: submissions are several programs compared on the same cases. */
  study: PublicStudyConfig | null;
};
// GET /api/tasks/:id/images/:name -> the image of a *dev* case (404 for any other file).
/** GET /api/models -> { models } (the web filters by the task's `models`). */
export type ModelsResponse = { models: ModelInfo[] };

// ---- drafts (autosave) ----------------------------------------------------------------------
// GET /api/drafts/:taskId -> { draft: { program, updatedAt } | null }
/** PUT /api/drafts/:taskId -> { draft }. The program is stored as sent (it may be incomplete). */
export const DraftBodySchema = z.object({ program: z.record(z.string(), z.unknown()) }).strict();

// ---- running programs -----------------------------------------------------------------------
/** The case to run on: a dev case by id, or the student's own inputs. */
const CaseRefSchema = z.union([
  z.object({ caseId: z.string().min(1).max(200) }).strict(),
  z.object({ inputs: z.record(z.string(), z.string().max(20_000)) }).strict(),
]);

/** POST /api/render -> RenderResponse. Pure: no model call, no quota. */
export const RenderBodySchema = z.object({ taskId: TaskIdSchema, program: z.unknown(), case: CaseRefSchema.optional() }).strict();
export type RenderResponse = {
  /** Exactly what the model receives for the case (the first dev case when none was given). */
  prompt: RenderedPrompt | null;
  /** The same as one string, for display. */
  text: string;
  promptTokens: number | null;
  maxPromptTokens: number;
  /** Problems with the program (same messages the grader gives); empty when it can run. */
  problems: string[];
  /** The same problems by code, one per problem, for the student's language (null: only the English one exists). */
  problemsSaid: (Said | null)[];
};

/**
 * POST /api/run -> text/event-stream:
 *   event: delta  data: { text }                     (streamed model text)
 *   event: done   data: RunResult
 *   event: error  data: ApiErrorBody['error']
 */
export const RunBodySchema = z.object({ taskId: TaskIdSchema, program: z.unknown(), case: CaseRefSchema }).strict();
export type RunResult = {
  prompt: RenderedPrompt;
  rawOutput: string;
  output: string;
  predicted?: string | null;
  ranking?: string[];
  probabilities?: Record<string, number>;
  usage: { promptTokens: number; completionTokens: number };
  latencyMs: number;
  cacheHit: boolean;
};

/**
 * POST /api/run-dev -> text/event-stream:
 *   event: progress data: { done, total, errored }
 *   event: done     data: { report: GradeReport }      (split 'dev': every case in detail)
 *   event: error    data: ApiErrorBody['error']
 */
export const RunDevBodySchema = z.object({ taskId: TaskIdSchema, program: z.unknown(), caseIds: z.array(z.string()).max(1000).optional() }).strict();
export type RunDevDone = { report: GradeReport };

/** POST /api/image-text/classify (multipart is avoided: the image comes base64 in JSON, <= 5 MB). */
export const ClassifyBodySchema = z
  .object({
    taskId: TaskIdSchema,
    program: z.unknown(),
    image: z.union([z.object({ caseId: z.string() }).strict(), z.object({ base64: z.string().max(7_000_000), name: z.string().max(200).optional() }).strict()]),
  })
  .strict();
export type ClassifyResponse = { ranking: string[]; probabilities: Record<string, number> };

/** POST /api/image-text/retrieve: a typed query ranks the task's dev gallery. */
export const RetrieveBodySchema = z.object({ taskId: TaskIdSchema, program: z.unknown(), query: z.string().min(1).max(2_000) }).strict();
export type RetrieveResponse = { results: { id: string; image: string; similarity: number }[] };

/**
 * GET /api/usage -> UsageResponse (the signed-in student's budget for the current assignment).
 * Added: GET /api/usage?taskId=<id> -> the budget of the assignment that lists that task.
 */
export type UsageResponse = {
  tokensUsed: number;
  tokenBudget: number;
  requestsUsed: number;
  requestBudget: number;
  costUsd: number;
};

// ---- submissions ----------------------------------------------------------------------------
export type SubmissionStatus = 'queued' | 'grading' | 'graded' | 'failed';
export type SubmissionSummary = {
  id: string;
  taskId: string;
  taskVersion: string;
  userId: string;
  status: SubmissionStatus;
  model: string;
  points: number | null;
  maxPoints: number;
  metric: number | null;
  createdAt: string;
  gradedAt: string | null;
  /** Set when status is 'failed': why (a clear message, never hidden data). */
  error: string | null;
  /**
   * Set when status is 'failed': 'program' (the student's program is at fault; `error` says what to
   * fix; it counts against the daily limit) or 'infrastructure' (the server's fault; it does not count).
   */
  failureKind: FailureKind | null;
  /** `error` by code for the student's language when it is one of the server's own sentences (else null: `error` is shown). */
  errorSaid: Said[] | null;
  /** Staff only (null for students): the server-side reason of a failure, e.g. the time budget or a storage fault. */
  failureReason: string | null;
  /** Hidden-split case counts of a graded submission (from the summary columns, not the report). */
  counts: { total: number; errored: number; correct: number } | null;
  /** Grading attempts so far (a crash, a restart or an infrastructure failure each use one). */
  attempts: number;
  /** Set once staff re-graded it: when, and the status and points it had before (students see it too). */
  regrade: { at: string; previousStatus: SubmissionStatus; previousPoints: number | null } | null;
  /** Against the student's effective due date under the current policy; null on submissions from before deadlines. */
  lateStatus: LateStatusView | null;
  /** How long after the due date (0 when on time). */
  lateMs: number | null;
  penaltyPercent: number | null;
  /** Raw `points` less the late penalty (when graded). */
  finalPoints: number | null;
};
export type FailureKind = 'program' | 'infrastructure';
/**
 * POST /api/submissions -> 202 { submission, remainingToday }. `program` is a prompt program, or on
 * a study task (PublicTask.study set) a StudyProgram: { kind: 'study', variants: [{ name, program }], reflection }.
 * It is validated against the task by the server (grading/parse-submission.ts) for precise messages.
 */
export const SubmitBodySchema = z.object({ taskId: TaskIdSchema, program: z.unknown() }).strict();
export type SubmitResponse = { submission: SubmissionSummary; remainingToday: number };
// GET /api/submissions?taskId=  -> { submissions: SubmissionSummary[] } (own only; staff: all)
/** GET /api/submissions/:id -> own only. `report` has dev cases in detail, hidden cases only as aggregates. */
/** Students get a StudentGradeReport (no usage or timing); staff the full GradeReport, a superset. */
export type SubmissionDetail = { submission: SubmissionSummary; program: unknown; report: StudentGradeReport | GradeReport | null };
// GET /api/submissions/:id/events -> text/event-stream: progress { done, total, errored } ... then graded { submission } or failed { submission }

// ---- staff ----------------------------------------------------------------------------------
/** POST /api/staff/roster: CSV with a header row: email,name[,section]. */
export const RosterBodySchema = z.object({ csv: z.string().min(1).max(2_000_000) }).strict();
/** Tokens are shown once, here, and stored only as hashes. */
export type RosterResponse = { created: { email: string; name: string; token: string }[]; updated: string[]; problems: string[] };
/** tokenStatus tells a revoked token from one never issued (tokenActive alone cannot). */
export type StudentSummary = {
  user: User;
  tokenActive: boolean;
  tokenStatus: 'active' | 'revoked' | 'none';
  tokensUsed: number;
  requests: number;
  costUsd: number;
  submissions: number;
};
// GET    /api/staff/students                  -> { students: StudentSummary[] }
// POST   /api/staff/students/:id/token        -> { token }   (re-issue; the old one and its sessions stop working)
// DELETE /api/staff/students/:id/token        -> 204          (revoke; ends the sessions made with it)
// DELETE /api/staff/students/:id/sessions     -> EndSessionsResponse (signs the person out everywhere)
export type EndSessionsResponse = { ended: number };
// GET    /api/staff/usage                     -> StaffUsageResponse
// GET    /api/staff/submissions?taskId=        -> { submissions: SubmissionSummary[] }
// GET    /api/staff/submissions/:id           -> SubmissionDetail with the full report (hidden cases included)
// POST   /api/staff/submissions/:id/regrade   -> 202 { submission }
// GET    /api/staff/grades.csv                -> text/csv: email,name,section, per task: raw, penalty %, final, late; total (final)
// The grading desk (filters, queue, bulk re-grade, a page per student, staff members, token export): staff-desk-api.ts

/** GET /api/staff/usage (added by the server: the shape of `byStudent` and `byModel`). */
export type StaffUsageResponse = {
  /** tokens/requests/costUsd: the student's own calls (their budget); grading*: the autograder's calls on their submissions. */
  byStudent: {
    userId: string;
    email: string;
    name: string;
    section: string | null;
    tokens: number;
    requests: number;
    cacheHits: number;
    failed: number;
    costUsd: number;
    gradingTokens: number;
    gradingCostUsd: number;
  }[];
  byModel: {
    model: string;
    requests: number;
    promptTokens: number;
    completionTokens: number;
    cacheHits: number;
    failed: number;
    costUsd: number;
    meanLatencyMs: number | null;
  }[];
};

// ---- OpenAI-compatible gateway (Authorization: Bearer <personal token>) -------------------------
// GET /v1/models, POST /v1/chat/completions, POST /v1/completions (stream supported), same quotas.
export type GatewayChatMessage = ChatMessage;

/** GET /api/staff/models: every configured model's health, with the operator's advice (staff only). */
export type StaffModelHealth = {
  id: string;
  label: string;
  kind: 'text' | 'image-text';
  provider: string;
  state: import('./model.js').ModelHealthState;
  available: boolean;
  /** ISO time of the last check or call outcome; null before any. */
  checkedAt: string | null;
  advice: string | null;
};
export type StaffModelsResponse = { models: StaffModelHealth[] };
