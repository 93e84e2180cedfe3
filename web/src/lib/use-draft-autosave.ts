// Saves the program as a draft shortly after each change, and flushes a pending save when the
// page is left (another page of the app, or the tab closing), so work is never lost.
import { useEffect, useRef, useState } from 'react';
import { endpoints } from '../api/endpoints.js';

export type SaveState = 'idle' | 'saving' | 'saved' | 'error';
const DELAY_MS = 800;

/** `saveInitial`: the first program is not the stored draft (a reopened submission) and is saved too. */
export function useDraftAutosave(taskId: string, program: Record<string, unknown>, saveInitial = false): SaveState {
  const [state, setState] = useState<SaveState>('idle');
  const lastSaved = useRef<string | null>(saveInitial ? null : JSON.stringify(program));
  const pending = useRef<string | null>(null);

  useEffect(() => {
    const json = JSON.stringify(program);
    if (json === lastSaved.current) {
      pending.current = null;
      return;
    }
    pending.current = json;
    const timer = window.setTimeout(() => {
      pending.current = null;
      setState('saving');
      endpoints.saveDraft(taskId, program).then(
        () => {
          lastSaved.current = json;
          setState('saved');
        },
        () => setState('error'),
      );
    }, DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [taskId, program]);

  useEffect(() => {
    // keepalive lets the request outlive the page when the tab closes.
    const flush = () => {
      if (pending.current === null) return;
      const body = `{"program":${pending.current}}`;
      pending.current = null;
      void fetch(`/api/drafts/${encodeURIComponent(taskId)}`, {
        method: 'PUT',
        keepalive: true,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body,
      }).catch(() => undefined);
    };
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [taskId]);

  return state;
}
