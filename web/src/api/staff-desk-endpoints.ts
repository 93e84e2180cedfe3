// The staff grading desk's routes (server/core/staff-desk-api.ts is their contract). Types only
// are imported from the server.
import type {
  AddStaffResponse,
  QueueResponse,
  RegradeJobResponse,
  RegradeJobsResponse,
  StaffMembersResponse,
  StaffStudentResponse,
  StaffSubmissionsResponse,
  StaffSubmissionSort,
} from '../../../server/core/staff-desk-api.js';
import { api, apiGet, readError } from './client.js';
import { asApiError } from './api-error.js';

const enc = encodeURIComponent;

/** The list's filters, sort and page as the URL of the page and the API both carry them. */
export type SubmissionsFilter = {
  taskId?: string;
  userId?: string;
  status?: 'queued' | 'grading' | 'graded' | 'failed';
  from?: string;
  to?: string;
  late?: 'on-time' | 'grace' | 'late';
  sort?: StaffSubmissionSort;
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
};

export function filterQuery(filter: SubmissionsFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const staffDesk = {
  submissions: (filter: SubmissionsFilter, signal?: AbortSignal) => apiGet<StaffSubmissionsResponse>(`/api/staff/submissions${filterQuery(filter)}`, signal),
  queue: (signal?: AbortSignal) => apiGet<QueueResponse>('/api/staff/queue', signal),
  startRegrade: (taskId: string) => api<RegradeJobResponse>('POST', `/api/staff/tasks/${enc(taskId)}/regrade`),
  regradeJob: (id: string, signal?: AbortSignal) => apiGet<RegradeJobResponse>(`/api/staff/regrade-jobs/${enc(id)}`, signal),
  regradeJobs: (taskId: string, signal?: AbortSignal) => apiGet<RegradeJobsResponse>(`/api/staff/tasks/${enc(taskId)}/regrade-jobs`, signal),
  student: (id: string, signal?: AbortSignal) => apiGet<StaffStudentResponse>(`/api/staff/students/${enc(id)}`, signal),
  members: (signal?: AbortSignal) => apiGet<StaffMembersResponse>('/api/staff/members', signal),
  addMember: (email: string, name: string) => api<AddStaffResponse>('POST', '/api/staff/members', { email, name }),
  removeMember: (id: string) => api<void>('DELETE', `/api/staff/members/${enc(id)}`),
  /** Re-issues tokens and returns the CSV text (shown and downloaded once; the server keeps only hashes). */
  async exportTokens(body: { userIds: string[] } | { withoutActiveToken: true }): Promise<string> {
    const path = '/api/staff/tokens/export';
    let response: Response;
    try {
      response = await fetch(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'text/csv' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw asApiError(error);
    }
    if (!response.ok) throw await readError(response, path);
    return response.text();
  },
};
