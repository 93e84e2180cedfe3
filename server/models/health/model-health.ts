// What the server knows about each configured model's usability, and the circuit breaker that
// turns "this upstream refuses connections" into an immediate failure instead of a retry loop per
// case. Fed by cheap checks at start (key present, files present) and by the outcome of real calls.
// One instance per server, passed in (no module state); time comes from the injected clock so the
// cooldown is testable without sleeping.
import { ModelUnavailable, ProviderError } from '../../core/errors.js';
import type { ModelHealthEntry, ModelHealthState } from '../../core/model.js';

export type { ModelHealthEntry, ModelHealthState };

export type BreakerPolicy = {
  /** Consecutive connection-level failures that open the breaker. */
  threshold: number;
  /** How long an open breaker refuses calls before letting one trial call through. */
  cooldownMs: number;
};

// Three failures in a row: one dropped connection (or two) is a blip the retry loop handles; three
// in a row, across cases, means the upstream is down. 30 s: short enough to recover "by itself"
// within a student's attention span, long enough that a dead upstream costs one trial per 30 s.
export const defaultBreakerPolicy: BreakerPolicy = { threshold: 3, cooldownMs: 30_000 };

export type ModelHealth = {
  get(id: string): ModelHealthEntry;
  all(): ModelHealthEntry[];
  /** Usable from a student's point of view: not known to be broken (unknown counts as usable). */
  isAvailable(id: string): boolean;
  /** Records a static check's verdict (start-up, or a setup error a call ran into). */
  set(id: string, state: ModelHealthState, advice?: string | null): void;
  /** Before a call: throws ModelUnavailable when the model cannot be used or its breaker is open. */
  admit(id: string): void;
  succeeded(id: string): void;
  failed(id: string, error: unknown): void;
  /** Told about every state change (serve logs it; /readyz and the staff page read all()). */
  onChange(listener: (entry: ModelHealthEntry, previous: ModelHealthState) => void): () => void;
};

/**
 * A failure that says the upstream cannot be reached at all (refused, reset, no answer): only these
 * trip the breaker. A 4xx is about the request; a 429 says the upstream is alive and busy; a 5xx
 * answered, so it is alive too and the retry loop's backoff is the right tool.
 */
export function isConnectionFailure(error: unknown): boolean {
  return error instanceof ProviderError && error.connection;
}

export function createModelHealth(options: { ids: string[]; now: () => number; policy?: BreakerPolicy }): ModelHealth {
  const policy = options.policy ?? defaultBreakerPolicy;
  type Slot = ModelHealthEntry & { failures: number; openUntil: number | null; trialInFlight: boolean };
  const slots = new Map<string, Slot>();
  const listeners = new Set<(entry: ModelHealthEntry, previous: ModelHealthState) => void>();
  for (const id of options.ids) slots.set(id, { id, state: 'unknown', checkedAt: null, advice: null, failures: 0, openUntil: null, trialInFlight: false });

  function slot(id: string): Slot {
    let found = slots.get(id);
    if (!found) {
      found = { id, state: 'unknown', checkedAt: null, advice: null, failures: 0, openUntil: null, trialInFlight: false };
      slots.set(id, found);
    }
    return found;
  }
  const view = (s: Slot): ModelHealthEntry => ({ id: s.id, state: s.state, checkedAt: s.checkedAt, advice: s.advice });

  function change(s: Slot, state: ModelHealthState, advice: string | null) {
    const previous = s.state;
    s.checkedAt = options.now();
    s.state = state;
    s.advice = advice;
    if (previous !== state) for (const listener of listeners) listener(view(s), previous);
  }

  return {
    get: (id) => view(slot(id)),
    all: () => [...slots.values()].map(view),
    isAvailable(id) {
      const s = slot(id);
      if (s.state === 'missing-files' || s.state === 'missing-key') return false;
      // Unreachable stays greyed until a call or a probe gets through: offering it again after the
      // cooldown would send students to a model that is most likely still down. Calls that come
      // anyway (a queued submission, the gateway) are the breaker's half-open trials.
      return s.state !== 'unreachable';
    },
    set(id, state, advice = null) {
      const s = slot(id);
      if (state !== 'unreachable') {
        s.failures = 0;
        s.openUntil = null;
      } else s.openUntil = options.now() + policy.cooldownMs;
      change(s, state, advice);
    },
    admit(id) {
      const s = slot(id);
      if (s.state === 'missing-files' || s.state === 'missing-key') throw new ModelUnavailable(s.state);
      if (s.state !== 'unreachable') return;
      // Half-open: after the cooldown exactly one call goes through; the others still fail fast
      // until it reports back, so a class's worth of cases does not stampede a dead upstream.
      if (s.openUntil !== null && options.now() >= s.openUntil && !s.trialInFlight) {
        s.trialInFlight = true;
        return;
      }
      throw new ModelUnavailable('unreachable');
    },
    succeeded(id) {
      const s = slot(id);
      s.failures = 0;
      s.trialInFlight = false;
      s.openUntil = null;
      if (s.state !== 'ready') change(s, 'ready', null);
      else s.checkedAt = options.now();
    },
    failed(id, error) {
      const s = slot(id);
      const trial = s.trialInFlight;
      s.trialInFlight = false;
      if (!isConnectionFailure(error)) {
        // The upstream answered (4xx, 429, 5xx): it is reachable, so the run of failures ends and
        // a trial of that kind closes the breaker. Anything else (a cancelled call) says nothing.
        if (error instanceof ProviderError) {
          s.failures = 0;
          if (trial) change(s, 'unknown', null);
        } else if (trial) s.openUntil = options.now();
        return;
      }
      s.failures++;
      if (trial || s.failures >= policy.threshold) {
        s.openUntil = options.now() + policy.cooldownMs;
        const detail = error instanceof Error ? error.message : String(error);
        change(
          s,
          'unreachable',
          `${detail} (${s.failures} connection failures in a row; calls fail at once for ${Math.round(policy.cooldownMs / 1000)} s, then one trial call)`,
        );
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
