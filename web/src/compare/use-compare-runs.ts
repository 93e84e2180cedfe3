// Runs the compared columns on the same dev cases, one column after another (the same budget and
// concurrency cap as a student's own runs), cancellable; keeps each column's progress and report.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GradeReport } from '../../../server/core/grade-report.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { runDev, type Progress } from '../api/run-streams.js';
import type { Column } from '../lib/compare-setup.js';

export type ColumnRun = { status: 'waiting' | 'running' | 'done' | 'error'; progress: Progress | null; report: GradeReport | null; error: ApiError | null };

export function useCompareRuns(taskId: string) {
  const [runs, setRuns] = useState<ColumnRun[] | null>(null);
  const [ran, setRan] = useState<{ columns: Column[]; caseIds: string[] } | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (columns: Column[], caseIds: string[]) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setRan({ columns, caseIds });
      const state: ColumnRun[] = columns.map(() => ({ status: 'waiting', progress: null, report: null, error: null }));
      const update = (index: number, patch: Partial<ColumnRun>) => {
        state[index] = { ...state[index]!, ...patch };
        setRuns([...state]);
      };
      setRuns([...state]);
      for (const [index, column] of columns.entries()) {
        if (current.signal.aborted) return;
        update(index, { status: 'running' });
        try {
          const report = await runDev(taskId, column.program, caseIds, (progress) => update(index, { progress }), current.signal);
          update(index, { status: 'done', report });
        } catch (error) {
          if (current.signal.aborted) return;
          update(index, { status: 'error', error: asApiError(error) });
        }
      }
    },
    [taskId],
  );
  const cancel = useCallback(() => {
    controller.current?.abort();
    setRuns(null);
  }, []);
  const running = runs?.some((r) => r.status === 'running' || r.status === 'waiting') ?? false;
  return { runs, ran, running, finished: runs !== null && !running, start, cancel };
}
