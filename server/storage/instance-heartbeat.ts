// Keeps this process's row in server_instances alive while it runs: one beat at once, then one
// every third of the expiry, so two beats can be missed (a slow disk, a long pause) before other
// processes take it for gone. The timer does not keep the process running; `stop` removes the row.
// After each beat, `sweep` lets the process release what dead processes left behind, so a crashed
// process's reservations are freed within about one expiry even when no other process starts.
import type { AsyncPort } from '../core/async-port.js';
import type { InstanceRegistry, InstanceRole } from './instance-registry.js';

export type Heartbeat = { id: string; stop(): Promise<void> };

/** Beats once (awaited, so the process is registered before it looks at others' leftovers), then on a timer. */
export async function startHeartbeat(deps: {
  registry: AsyncPort<InstanceRegistry>;
  instance: { id: string; role: InstanceRole };
  now: () => number;
  ttlMs: number;
  log: (line: string) => void;
  /** Runs after each timed beat (not the first: the process sweeps once itself at start). */
  sweep?: (now: number) => Promise<void>;
}): Promise<Heartbeat> {
  const beat = () => deps.registry.beat(deps.instance, deps.now(), deps.ttlMs);
  await beat();
  // One beat at a time: a slow database skips a tick rather than stacking beats.
  let beating = false;
  const timer = setInterval(() => void tick(), Math.max(10, Math.floor(deps.ttlMs / 3)));
  async function tick() {
    if (beating) return;
    beating = true;
    try {
      await beat();
      await deps.sweep?.(deps.now());
    } catch (error) {
      deps.log(`instance heartbeat or sweep failed (the next one retries): ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      beating = false;
    }
  }
  timer.unref();
  let stopped = false;
  return {
    id: deps.instance.id,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      try {
        await deps.registry.leave(deps.instance.id);
      } catch {
        // The database is already closed: the row expires by itself.
      }
    },
  };
}
