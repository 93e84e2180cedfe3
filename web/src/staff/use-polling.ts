// Re-runs `reload` every `ms` while `active` (the queue and a running re-grade are polled: the
// answer is read from the database, so it is the same whichever server instance answers).
import { useEffect } from 'react';

export function usePolling(reload: () => void, ms: number, active = true): void {
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(reload, ms);
    return () => window.clearInterval(timer);
  }, [reload, ms, active]);
}
