// The staff analysis routes (server/core/analysis-api.ts is their contract): item analysis and its
// CSV, grading the reference program, the similarity job, its pairs and the pair view.
import type { AnalysisJobResponse, ItemAnalysisResponse, PairResponse, SimilarityResponse } from '../../../server/core/analysis-api.js';
import { api, apiGet } from './client.js';

const enc = encodeURIComponent;

export const analysis = {
  items: (taskId: string, signal?: AbortSignal) => apiGet<ItemAnalysisResponse>(`/api/staff/tasks/${enc(taskId)}/item-analysis`, signal),
  itemsCsvPath: (taskId: string) => `/api/staff/tasks/${enc(taskId)}/item-analysis.csv`,
  gradeReference: (taskId: string) => api<AnalysisJobResponse>('POST', `/api/staff/tasks/${enc(taskId)}/reference`),
  job: (id: string, signal?: AbortSignal) => apiGet<AnalysisJobResponse>(`/api/staff/analysis-jobs/${enc(id)}`, signal),
  similarity: (taskId: string, signal?: AbortSignal) => apiGet<SimilarityResponse>(`/api/staff/tasks/${enc(taskId)}/similarity`, signal),
  startSimilarity: (taskId: string, threshold: number) => api<AnalysisJobResponse>('POST', `/api/staff/tasks/${enc(taskId)}/similarity`, { threshold }),
  pair: (taskId: string, a: string, b: string, signal?: AbortSignal) =>
    apiGet<PairResponse>(`/api/staff/tasks/${enc(taskId)}/similarity/pair?a=${enc(a)}&b=${enc(b)}`, signal),
};
