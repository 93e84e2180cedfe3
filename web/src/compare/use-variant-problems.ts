// The server's own check of each variant (POST /api/render: no model call, no quota), debounced
// while the student types, so a study the server would refuse is never offered for submission.
import { useEffect, useState } from 'react';
import { asApiError, type ApiError } from '../api/api-error.js';
import { endpoints } from '../api/endpoints.js';
import type { Column } from '../lib/compare-setup.js';
import { useDebouncedValue } from '../lib/use-debounced-value.js';

export type VariantProblems = { status: 'checking' } | { status: 'done'; problems: { name: string; problem: string }[] } | { status: 'error'; error: ApiError };

export function useVariantProblems(taskId: string, columns: readonly Column[]): VariantProblems {
  const request = useDebouncedValue(JSON.stringify(columns.map((c) => ({ name: c.name, program: c.program }))), 400);
  const [state, setState] = useState<VariantProblems>({ status: 'checking' });
  useEffect(() => {
    const controller = new AbortController();
    const list = JSON.parse(request) as { name: string; program: unknown }[];
    setState({ status: 'checking' });
    Promise.all(list.map((item) => endpoints.render(taskId, item.program, controller.signal))).then(
      (rendered) => setState({ status: 'done', problems: rendered.flatMap((r, i) => r.problems.map((problem) => ({ name: list[i]!.name, problem }))) }),
      (failure: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: asApiError(failure) });
      },
    );
    return () => controller.abort();
  }, [taskId, request]);
  return state;
}
