// The streamed run endpoints as promises: one input (text deltas as they come), the dev split
// (progress as it goes), and a submission's grading progress.
import type { ApiErrorBody, RunResult, SubmissionSummary } from '../../../server/core/api.js';
import type { GradeReport } from '../../../server/core/grade-report.js';
import { ApiError, saidOf } from './api-error.js';
import { streamPaths, type CaseRef } from './endpoints.js';
import { readEventStream } from './event-stream.js';

export type Progress = { done: number; total: number; errored: number };

const STATUS_BY_CODE: Record<string, number> = {
  provider_error: 502,
  budget_exceeded: 429,
  rate_limited: 429,
  invalid_program: 422,
  bad_request: 400,
  not_found: 404,
  cancelled: 499,
};

/** An `error` event arrives after a 200 header, so its status is inferred from its code. */
function streamError(data: unknown): ApiError {
  const body = data as Partial<ApiErrorBody['error']> | null;
  const code = typeof body?.code === 'string' ? body.code : 'error';
  const message = typeof body?.message === 'string' ? body.message : 'the run failed';
  return new ApiError(STATUS_BY_CODE[code] ?? 500, code, message, body?.details, saidOf(body?.said));
}

function incomplete(): ApiError {
  return new ApiError(0, 'stream_ended', 'the connection closed before the run finished');
}

export async function runOne(taskId: string, program: unknown, caseRef: CaseRef, onDelta: (text: string) => void, signal?: AbortSignal): Promise<RunResult> {
  let result: RunResult | null = null;
  let failure: ApiError | null = null;
  await readEventStream(streamPaths.run, {
    body: { taskId, program, case: caseRef },
    ...(signal ? { signal } : {}),
    onEvent: ({ event, data }) => {
      if (event === 'delta') onDelta(String((data as { text?: unknown }).text ?? ''));
      else if (event === 'done') result = data as RunResult;
      else if (event === 'error') failure = streamError(data);
    },
  });
  if (failure) throw failure;
  if (!result) throw incomplete();
  return result;
}

export async function runDev(
  taskId: string,
  program: unknown,
  caseIds: string[] | undefined,
  onProgress: (progress: Progress) => void,
  signal?: AbortSignal,
): Promise<GradeReport> {
  let report: GradeReport | null = null;
  let failure: ApiError | null = null;
  await readEventStream(streamPaths.runDev, {
    body: { taskId, program, ...(caseIds ? { caseIds } : {}) },
    ...(signal ? { signal } : {}),
    onEvent: ({ event, data }) => {
      if (event === 'progress') onProgress(data as Progress);
      else if (event === 'done') report = (data as { report: GradeReport }).report;
      else if (event === 'error') failure = streamError(data);
    },
  });
  if (failure) throw failure;
  if (!report) throw incomplete();
  return report;
}

/** Follows a submission until it is graded or failed; returns its final summary. */
export async function followSubmission(id: string, onProgress: (progress: Progress) => void, signal?: AbortSignal): Promise<SubmissionSummary> {
  let final: SubmissionSummary | null = null;
  let failure: ApiError | null = null;
  await readEventStream(streamPaths.submissionEvents(id), {
    ...(signal ? { signal } : {}),
    onEvent: ({ event, data }) => {
      if (event === 'progress') onProgress(data as Progress);
      else if (event === 'graded' || event === 'failed') final = (data as { submission: SubmissionSummary }).submission;
      else if (event === 'error') failure = streamError(data);
    },
  });
  if (failure) throw failure;
  if (!final) throw incomplete();
  return final;
}
