// Runs a program on the dev split with progress, cancellable, for the playgrounds.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GradeReport } from '../../../server/core/grade-report.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { runDev, type Progress } from '../api/run-streams.js';

export type DevRunState =
  | { status: 'idle' }
  | { status: 'running'; progress: Progress | null }
  | { status: 'done'; report: GradeReport }
  | { status: 'error'; error: ApiError };

export function useDevRun(taskId: string) {
  const [state, setState] = useState<DevRunState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (program: unknown, caseIds?: string[]) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setState({ status: 'running', progress: null });
      try {
        const report = await runDev(taskId, program, caseIds, (progress) => setState({ status: 'running', progress }), current.signal);
        setState({ status: 'done', report });
      } catch (error) {
        if (!current.signal.aborted) setState({ status: 'error', error: asApiError(error) });
      }
    },
    [taskId],
  );
  const cancel = useCallback(() => {
    controller.current?.abort();
    setState({ status: 'idle' });
  }, []);
  return { state, start, cancel };
}
