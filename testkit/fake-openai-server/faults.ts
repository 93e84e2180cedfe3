// Injected faults: a queue of faults for the next inference requests, or seeded-random ones, and
// the error answers of the status faults. Which fault a request gets is decided here; the mid-body
// faults (drop, stall, malformed) are carried out where the body is written.
import type http from 'node:http';
import { HttpError, type Replies } from './replies.js';
import type { FaultController, FaultInput, FaultSpec } from './types.js';

export function toSpec(fault: FaultInput): FaultSpec {
  return typeof fault === 'string' ? ({ kind: fault } as FaultSpec) : fault;
}

/** mulberry32: small, seeded and good enough to pick faults reproducibly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Faults = {
  controller: FaultController;
  /** The fault for the next inference request (queued first, then random), counted as injected. */
  take(): FaultSpec | null;
  /** Faults injected so far, by kind (the live record: resetStats empties it). */
  injected: Record<string, number>;
};

export function createFaults(): Faults {
  const faultQueue: FaultSpec[] = [];
  const injected: Record<string, number> = {};
  let random: { rate: number; kinds: FaultSpec[]; next: () => number } | null = null;

  const controller: FaultController = {
    queue(fault, times = 1) {
      for (let i = 0; i < times; i++) faultQueue.push(toSpec(fault));
    },
    random(config) {
      if (config === null) {
        random = null;
        return;
      }
      if (!(config.rate >= 0 && config.rate <= 1)) throw new Error('faults.random: rate must be in [0, 1]');
      if (config.kinds.length === 0) throw new Error('faults.random: list at least one fault kind');
      random = { rate: config.rate, kinds: config.kinds.map(toSpec), next: seededRandom(config.seed) };
    },
    clear() {
      faultQueue.length = 0;
      random = null;
    },
    pending: () => faultQueue.length,
    injected: () => ({ ...injected }),
  };

  function takeFault(): FaultSpec | null {
    const queued = faultQueue.shift();
    if (queued) return queued;
    if (random && random.next() < random.rate) {
      return random.kinds[Math.floor(random.next() * random.kinds.length)] ?? null;
    }
    return null;
  }

  return {
    controller,
    take() {
      const fault = takeFault();
      if (fault) injected[fault.kind] = (injected[fault.kind] ?? 0) + 1;
      return fault;
    },
    injected,
  };
}

/** Answers with the fault's error status; returns null when the fault is not a status fault. */
export function sendStatusFault(replies: Replies, res: http.ServerResponse, fault: FaultSpec, model: string): number | null {
  const { sendError } = replies;
  switch (fault.kind) {
    case '429': {
      const headers: Record<string, string> = {};
      const retryAfter = fault.retryAfter === undefined ? '1' : fault.retryAfter;
      if (retryAfter !== null) headers['retry-after'] = retryAfter;
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = fault.retryAfterMs;
      sendError(
        res,
        new HttpError(
          429,
          `Rate limit reached for ${model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`,
          'requests',
          'rate_limit_exceeded',
        ),
        headers,
      );
      return 429;
    }
    case '500':
      sendError(res, new HttpError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error'));
      return 500;
    case '503': {
      const headers: Record<string, string> = {};
      if (fault.retryAfter) headers['retry-after'] = fault.retryAfter;
      sendError(res, new HttpError(503, 'The engine is currently overloaded, please try again later.', 'server_error'), headers);
      return 503;
    }
    case 'status':
      sendError(
        res,
        new HttpError(
          fault.status,
          fault.message ?? `Injected error with status ${fault.status}.`,
          fault.status >= 500 ? 'server_error' : 'invalid_request_error',
        ),
        fault.headers,
      );
      return fault.status;
    default:
      return null;
  }
}
