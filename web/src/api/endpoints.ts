// One typed function per server route (server/core/api.ts is the contract). Types only are
// imported from the server: nothing of it reaches the bundle.
import type {
  AssignmentSummary,
  ClassifyResponse,
  EndSessionsResponse,
  ExtensionAuditView,
  ExtensionView,
  Locale,
  ModelsResponse,
  StaffModelsResponse,
  PublicTask,
  RenderResponse,
  RetrieveResponse,
  RosterResponse,
  StaffUsageResponse,
  StudentSummary,
  SubmissionDetail,
  SubmissionSummary,
  SubmitResponse,
  TaskDeadlineResponse,
  UsageResponse,
  User,
} from '../../../server/core/api.js';
import type { PromptProgram } from '../../../server/core/prompt-program.js';
import type { StudyProgram } from '../../../server/core/study.js';
import { api, apiGet } from './client.js';

export type Draft = { program: Record<string, unknown>; updatedAt: string };
export type CaseRef = { caseId: string } | { inputs: Record<string, string> };
export type ImageRef = { caseId: string } | { base64: string; name?: string };

const enc = encodeURIComponent;

export const endpoints = {
  login: (token: string) => api<{ user: User }>('POST', '/api/auth/login', { token }),
  logout: () => api<void>('POST', '/api/auth/logout'),
  me: (signal?: AbortSignal) => apiGet<{ user: User }>('/api/me', signal),
  setLocale: (locale: Locale) => api<{ user: User }>('PUT', '/api/me/preferences', { locale }),

  // Staff-written text (titles, descriptions) comes in the language named here: the UI's, which
  // may be newer than the preference saved on the server.
  assignments: (locale: Locale, signal?: AbortSignal) => apiGet<{ assignments: AssignmentSummary[] }>(`/api/assignments?lang=${enc(locale)}`, signal),
  task: (id: string, locale: Locale, signal?: AbortSignal) => apiGet<{ task: PublicTask }>(`/api/tasks/${enc(id)}?lang=${enc(locale)}`, signal),
  taskDeadline: (id: string, signal?: AbortSignal) => apiGet<TaskDeadlineResponse>(`/api/tasks/${enc(id)}/deadline`, signal),
  models: (signal?: AbortSignal) => apiGet<ModelsResponse>('/api/models', signal),
  usage: (signal?: AbortSignal) => apiGet<UsageResponse>('/api/usage', signal),

  draft: (taskId: string, signal?: AbortSignal) => apiGet<{ draft: Draft | null }>(`/api/drafts/${enc(taskId)}`, signal),
  saveDraft: (taskId: string, program: Record<string, unknown>) => api<{ draft: Draft }>('PUT', `/api/drafts/${enc(taskId)}`, { program }),

  render: (taskId: string, program: unknown, signal?: AbortSignal, caseRef?: CaseRef) =>
    api<RenderResponse>('POST', '/api/render', { taskId, program, ...(caseRef ? { case: caseRef } : {}) }, signal),
  classify: (taskId: string, program: unknown, image: ImageRef, signal?: AbortSignal) =>
    api<ClassifyResponse>('POST', '/api/image-text/classify', { taskId, program, image }, signal),
  retrieve: (taskId: string, program: unknown, query: string, signal?: AbortSignal) =>
    api<RetrieveResponse>('POST', '/api/image-text/retrieve', { taskId, program, query }, signal),

  submit: (taskId: string, program: PromptProgram | StudyProgram) => api<SubmitResponse>('POST', '/api/submissions', { taskId, program }),
  submissions: (taskId: string | null, signal?: AbortSignal) =>
    apiGet<{ submissions: SubmissionSummary[] }>(`/api/submissions${taskId ? `?taskId=${enc(taskId)}` : ''}`, signal),
  submission: (id: string, signal?: AbortSignal) => apiGet<SubmissionDetail>(`/api/submissions/${enc(id)}`, signal),

  importRoster: (csv: string) => api<RosterResponse>('POST', '/api/staff/roster', { csv }),
  students: (signal?: AbortSignal) => apiGet<{ students: StudentSummary[] }>('/api/staff/students', signal),
  reissueToken: (userId: string) => api<{ token: string }>('POST', `/api/staff/students/${enc(userId)}/token`),
  revokeToken: (userId: string) => api<void>('DELETE', `/api/staff/students/${enc(userId)}/token`),
  endSessions: (userId: string) => api<EndSessionsResponse>('DELETE', `/api/staff/students/${enc(userId)}/sessions`),
  staffUsage: (signal?: AbortSignal) => apiGet<StaffUsageResponse>('/api/staff/usage', signal),
  staffModels: (signal?: AbortSignal) => apiGet<StaffModelsResponse>('/api/staff/models', signal),
  staffSubmissions: (taskId: string | null, signal?: AbortSignal) =>
    apiGet<{ submissions: SubmissionSummary[] }>(`/api/staff/submissions${taskId ? `?taskId=${enc(taskId)}` : ''}`, signal),
  staffSubmission: (id: string, signal?: AbortSignal) => apiGet<SubmissionDetail>(`/api/staff/submissions/${enc(id)}`, signal),
  extensions: (signal?: AbortSignal) => apiGet<{ extensions: ExtensionView[]; audit: ExtensionAuditView[] }>('/api/staff/extensions', signal),
  grantExtension: (body: { userId: string; taskId: string; due: string; cutoff: string | null; note: string | null }) =>
    api<{ extension: ExtensionView }>('PUT', '/api/staff/extensions', body),
  revokeExtension: (userId: string, taskId: string) => api<void>('DELETE', `/api/staff/extensions/${enc(userId)}/${enc(taskId)}`),
  regrade: (id: string) => api<{ submission: SubmissionSummary }>('POST', `/api/staff/submissions/${enc(id)}/regrade`),
};

export const streamPaths = {
  run: '/api/run',
  runDev: '/api/run-dev',
  submissionEvents: (id: string) => `/api/submissions/${enc(id)}/events`,
};
export const gradesCsvPath = '/api/staff/grades.csv';
