// Follows a background analysis job (similarity, reference grading) by polling its row; calls
// `onFinished` once when it ends, so the page reloads what the job produced.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnalysisJobView } from '../../../server/core/analysis-api.js';
import { analysis } from '../api/analysis-endpoints.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { usePolling } from './use-polling.js';

const POLL_MS = 1_000;

export function useAnalysisJob(initial: AnalysisJobView | null, onFinished: () => void) {
  const [job, setJob] = useState<AnalysisJobView | null>(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  useEffect(() => setJob(initial), [initial]);
  const poll = useCallback(() => {
    if (!job) return;
    analysis.job(job.id).then(
      (answer) => {
        setJob(answer.job);
        if (answer.job.state !== 'running') finished.current();
      },
      (failure: unknown) => setError(asApiError(failure)),
    );
  }, [job]);
  usePolling(poll, POLL_MS, job?.state === 'running');
  return { job, setJob, error, setError };
}
