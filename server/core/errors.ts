// Typed errors shared by every layer. Services throw these; only http/ and cli/ turn them into
// status codes or exit codes, so no service ever needs to know about HTTP.

/** Base class: `code` is stable and machine-readable, `message` is for a human and says how to fix it. */
export class SandboxError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
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
    super('model_unavailable', 'this model is not available on this server right now; pick another model or tell the course staff', { reason });
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
  constructor(problems: string[]) {
    super('invalid_program', problems.join('\n'), { problems });
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
  constructor(what: string, message?: string) {
    super('not_found', message ?? `${what} was not found`);
  }
}

export class BudgetExceeded extends SandboxError {
  constructor(message: string, details?: unknown) {
    super('budget_exceeded', message, details);
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
