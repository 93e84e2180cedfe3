// What one attempt of a model call costs, including the attempts that do not end with a whole
// answer: every token delivered is charged, and nothing that was not. The rule, per attempt:
//
// - it succeeded: the usage of the answer (the provider's report, or counted locally);
// - it failed after the provider reported usage (a stream cut after its usage chunk): that usage;
// - it failed after the provider answered 2xx, or after text reached the caller (a stream cut, a
//   stall until the timeout, a client that hung up): the prompt's tokens plus the tokens counted in
//   the text actually delivered, and one request. That is what OpenAI bills such a call: the prompt
//   of a request that started generating and the completion tokens it produced. The count is
//   capped at maxTokens, since the provider cannot have produced more;
// - it failed with an error status (429, 500, 400...) or was lost after the request went out (no
//   answer within the timeout, a connection dropped, a malformed answer): one request and no
//   tokens. Providers do not bill tokens for those, but the provider did take the request, and the
//   request budget exists to bound exactly that (a retry loop against a failing upstream);
// - it never reached the provider (connection refused, unknown host), was cancelled before any
//   answer (the request may not even have left), or failed for a reason that is not the provider's
//   (a chat prompt for a base model, a local model's error): nothing.
//
// The playground and the gateway see what was delivered through `deliver`; the provider tells how
// far it got through `progress` (core/model.ts CallProgress). Nothing here runs per chunk beyond
// appending the text: tokens are counted once, and only for an attempt that failed.
import { ProviderError } from '../core/errors.js';
import type { CallProgress, Usage } from '../core/model.js';

/** What one attempt cost: `reached` false means it never got to the provider and costs nothing. */
export type AttemptCost = { ok: boolean; reached: boolean; usage: Usage };

/** How to price what a failed attempt delivered (absent: the call has no prompt or text to count). */
export type CostBasis = { promptTokens: () => number; countTokens: (text: string) => number; maxTokens: number };

export type AttemptTrace = {
  /** Handed to the provider (CallOptions.progress). */
  readonly progress: CallProgress;
  /**
   * The caller's onText, recording what was delivered. Text arriving after the attempt ended (a
   * provider that ignores the abort) is dropped: it is not charged, so it must not be delivered.
   */
  deliver(onText: (delta: string) => void): (delta: string) => void;
  /** The attempt is over (settled): later text and progress are ignored. */
  end(): void;
  /** The cost of the attempt that failed with `error` (the rule above). */
  costOfFailure(error: unknown, basis?: CostBasis): AttemptCost;
};

const NOTHING: Usage = { promptTokens: 0, completionTokens: 0 };

export function succeeded(usage: Usage): AttemptCost {
  return { ok: true, reached: true, usage: { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens } };
}

export function createAttemptTrace(): AttemptTrace {
  let ended = false;
  let answered = false;
  let reported: Usage | null = null;
  let delivered = '';
  return {
    progress: {
      answered() {
        if (!ended) answered = true;
      },
      usage(usage) {
        if (!ended) reported = usage;
      },
    },
    deliver(onText) {
      return (delta) => {
        if (ended) return;
        delivered += delta;
        onText(delta);
      };
    },
    end() {
      ended = true;
    },
    costOfFailure(error, basis) {
      if (reported) return { ok: false, reached: true, usage: reported };
      if (answered || delivered !== '') {
        if (!basis) return { ok: false, reached: true, usage: NOTHING };
        return {
          ok: false,
          reached: true,
          usage: { promptTokens: basis.promptTokens(), completionTokens: Math.min(basis.maxTokens, delivered === '' ? 0 : basis.countTokens(delivered)) },
        };
      }
      return { ok: false, reached: tookTheRequest(error), usage: NOTHING };
    },
  };
}

/**
 * Whether a failure without any answer still means the provider took the request: an error status
 * it answered with, or a retryable exchange failure (timeout, dropped connection, malformed answer)
 * that was not a failure to connect at all. Non-retryable errors without a status are our side's
 * (or a local model's) and reach no paid provider.
 */
function tookTheRequest(error: unknown): boolean {
  if (!(error instanceof ProviderError)) return false;
  if (error.status !== null) return true;
  return error.retryable && !neverConnected(error);
}

/** Node's codes for a connection that was never made: the request cannot have been sent. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function neverConnected(error: Error): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 6; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_CONNECTED.has(code)) return true;
    current = current.cause;
  }
  return false;
}
