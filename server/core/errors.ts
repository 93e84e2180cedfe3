// Typed errors shared by every layer. Services throw these; only http/ and cli/ turn them into
// status codes or exit codes, so no service ever needs to know about HTTP. Each error a student
// can meet also carries `said`: the same sentences as codes and parameters, which the web app
// renders in the student's language (server/shared/messages); `message` stays English for the
// CLI, logs and as the fallback.
import { say, type Said } from '../shared/messages/say.js';

/** Base class: `code` is stable and machine-readable, `message` is for a human and says how to fix it. */
export class SandboxError extends Error {
  readonly code: string;
  readonly details: unknown;
  /** The message as codes (one sentence each), for the student's language; empty when only operators read it. */
  readonly said: readonly Said[];
  constructor(code: string, message: string, details?: unknown, said: readonly Said[] = []) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
    this.said = said;
  }
}

/** A model provider failed. `retryable` is true for rate limits, 5xx, timeouts and dropped connections. */
export class ProviderError extends SandboxError {
  readonly status: number | null;
  readonly retryable: boolean;
  /** Seconds the provider asked us to wait (from `retry-after`), when it said. */
  readonly retryAfterSeconds: number | null;
  /** The upstream could not be reached at all (refused, reset, timed out): what trips the circuit breaker. */
  readonly connection: boolean;
  constructor(
    message: string,
    options: { status?: number | null; retryable: boolean; retryAfterSeconds?: number | null; cause?: unknown; connection?: boolean },
  ) {
    super('provider_error', message);
    this.status = options.status ?? null;
    this.connection = options.connection ?? false;
    this.retryable = options.retryable;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * A configured model that cannot be used right now (missing key or files, upstream unreachable).
 * The message is for students: the operator's advice lives in the model health service and the log.
 */
export class ModelUnavailable extends SandboxError {
  constructor(readonly reason: 'missing-files' | 'missing-key' | 'unreachable') {
    super('model_unavailable', 'this model is not available on this server right now; pick another model or tell the course staff', { reason }, [
      say('model.unavailable'),
    ]);
  }
}

/** A task folder or assignment file is invalid. `problems` lists every problem with file and place. */
export class TaskError extends SandboxError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('task_error', problems.length === 1 ? problems[0]! : `${problems.length} problems:\n${problems.join('\n')}`, {
      problems,
    });
    this.problems = problems;
  }
}

/** A student's prompt program is invalid or over the task's limits. */
export class ProgramError extends SandboxError {
  readonly problems: string[];
  /** `said` has the problems as codes when they are known (else the web shows `problems` in English). */
  constructor(problems: string[], said: readonly Said[] = []) {
    super('invalid_program', problems.join('\n'), { problems }, said);
    this.problems = problems;
  }
}

/** Configuration (models.yaml, environment) is missing or wrong. The message names what to set. */
export class ConfigError extends SandboxError {
  constructor(message: string, details?: unknown) {
    super('config_error', message, details);
  }
}

export class NotFound extends SandboxError {
  constructor(what: string, message?: string, said: Said = say('not_found.thing')) {
    super('not_found', message ?? `${what} was not found`, undefined, [said]);
  }
}

export class BudgetExceeded extends SandboxError {
  constructor(message: string, details: unknown, said: Said) {
    super('budget_exceeded', message, details, [said]);
  }

  static tokensUsedUp(scope: string, used: number, budget: number, details: unknown): BudgetExceeded {
    const message = `your token budget for ${scope} is used up (${used} of ${budget} tokens); ask the course staff if you need more`;
    return new BudgetExceeded(message, details, say('budget.tokens_used_up', { used, budget }));
  }

  static requestsUsedUp(scope: string, used: number, budget: number, details: unknown): BudgetExceeded {
    const message = `your request budget for ${scope} is used up (${used} of ${budget} model calls); ask the course staff if you need more`;
    return new BudgetExceeded(message, details, say('budget.requests_used_up', { used, budget }));
  }

  static tokensNotEnough(scope: string, estimate: number, remaining: number, budget: number, details: unknown): BudgetExceeded {
    const message = `this call may use up to ${estimate} tokens but only ${remaining} of your ${budget} tokens for ${scope} remain; lower maxTokens or shorten the prompt`;
    return new BudgetExceeded(message, details, say('budget.tokens_not_enough', { estimate, remaining, budget }));
  }
}

/** Too many requests right now; `retryAfterSeconds` says when one will be accepted again. */
export class RateLimited extends SandboxError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number, said: Said) {
    super('rate_limited', message, { retryAfterSeconds }, [said]);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The cap on model requests running at once is reached. */
  static inFlight(running: number, max: number): RateLimited {
    return new RateLimited(
      `you already have ${running} model requests running (at most ${max} at a time); wait for one to finish`,
      1,
      say('limit.in_flight', { running, max }),
    );
  }

  /** The per-minute rate is reached; one more is accepted in `retryAfterSeconds`. */
  static perMinute(limit: number, retryAfterSeconds: number): RateLimited {
    return new RateLimited(
      `too many model requests: at most ${limit} a minute; try again in ${retryAfterSeconds} s`,
      retryAfterSeconds,
      say('limit.rate_per_minute', { limit, seconds: retryAfterSeconds }),
    );
  }
}

/** The daily submission limit of a task is reached (the day ends at 00:00 UTC). */
export class SubmissionLimitReached extends SandboxError {
  constructor(limit: { perDay: number; usedToday: number; taskTitle: string; now: number; resetsAt: number }) {
    const minutes = Math.ceil((limit.resetsAt - limit.now) / 60_000);
    const wait = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
    const resetsAt = new Date(limit.resetsAt).toISOString();
    super(
      'submission_limit',
      `you have used all ${limit.perDay} submissions for "${limit.taskTitle}" today; the next one is possible at 00:00 UTC (in ${wait}). Keep trying your program on the dev cases meanwhile.`,
      { perDay: limit.perDay, usedToday: limit.usedToday, resetsAt },
      [say('limit.daily_submissions', { perDay: limit.perDay, task: limit.taskTitle, resetsAt })],
    );
  }
}

/** A submission after the (student's) cutoff: refused, not stored, not counted against any limit. */
export class PastCutoff extends SandboxError {
  /** `when` is the cutoff as the English message writes it (in the course's time zone). */
  constructor(refusal: { taskTitle: string; cutoff: string; timeZone: string; when: string }) {
    super(
      'past_cutoff',
      `submissions to "${refusal.taskTitle}" closed at ${refusal.when}; this one was refused and not stored. Ask the course staff if you need an extension.`,
      { cutoff: refusal.cutoff, timeZone: refusal.timeZone },
      [say('limit.past_cutoff', { task: refusal.taskTitle, cutoff: refusal.cutoff })],
    );
  }
}

/** The run was cancelled through its AbortSignal. */
export class Cancelled extends SandboxError {
  constructor(message = 'The run was cancelled') {
    super('cancelled', message);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
