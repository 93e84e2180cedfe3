// One run of the program on one input, with the model's text streamed as it arrives.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunResult } from '../../../server/core/api.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import type { CaseRef } from '../api/endpoints.js';
import { runOne } from '../api/run-streams.js';

export type RunOneState =
  | { status: 'idle' }
  | { status: 'running'; text: string }
  | { status: 'done'; text: string; result: RunResult }
  | { status: 'error'; text: string; error: ApiError };

export function useRunOne(taskId: string) {
  const [state, setState] = useState<RunOneState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (program: unknown, caseRef: CaseRef) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      let text = '';
      setState({ status: 'running', text });
      try {
        const result = await runOne(
          taskId,
          program,
          caseRef,
          (delta) => {
            text += delta;
            setState({ status: 'running', text });
          },
          current.signal,
        );
        setState({ status: 'done', text: result.rawOutput || text, result });
      } catch (error) {
        if (!current.signal.aborted) setState({ status: 'error', text, error: asApiError(error) });
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
