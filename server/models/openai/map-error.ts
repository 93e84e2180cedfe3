// Turns whatever the SDK, fetch or a response parser threw into the sandbox's typed errors:
// ProviderError with `retryable` and `retryAfterSeconds` for the grading engine's retry loop, or
// Cancelled when the caller aborted. Messages name the provider and model and say what to fix.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, AuthenticationError, OpenAIError } from 'openai';
import { Cancelled, ProviderError, SandboxError, errorMessage } from '../../core/errors.js';

export type ProviderContext = {
  providerName: string;
  modelId: string;
  remoteModel: string;
  baseURL: string;
  /** The environment variable the API key came from, for the 401 message. */
  apiKeyEnv?: string;
  timeoutMs: number;
};

/**
 * Seconds to wait from `retry-after-ms` (OpenAI's own, more precise) or `retry-after` (seconds or
 * an HTTP date). Null when absent or unparseable.
 */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | null {
  const ms = headers?.get('retry-after-ms')?.trim();
  if (ms) {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value / 1000;
  }
  const header = headers?.get('retry-after')?.trim();
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds : null;
  const date = Date.parse(header);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** A response that arrived but cannot be used: worth retrying, as it is usually a truncated body. */
export function malformedResponse(context: ProviderContext, detail: string, cause?: unknown): ProviderError {
  return new ProviderError(`provider ${context.providerName} returned a malformed response for model ${context.modelId}: ${detail}`, {
    status: null,
    retryable: true,
    cause,
  });
}

/** Thrown by our own callbacks (onText) so that their errors are rethrown untouched. */
export class CallerError extends Error {
  constructor(readonly original: unknown) {
    super('caller callback failed');
  }
}

function apiMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : error.message;
}

function isConnectionFailure(error: Error): boolean {
  const codes = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && codes.includes(code)) return true;
    // undici reports a body cut short as "TypeError: terminated".
    if (current instanceof TypeError && /terminated|fetch failed|other side closed/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

function fromStatus(error: APIError & { status: number }, context: ProviderContext): ProviderError {
  const { status } = error;
  const where = `provider ${context.providerName}, model ${context.modelId}`;
  const detail = apiMessage(error);
  const options = { status, cause: error };
  if (error instanceof AuthenticationError || status === 401) {
    const variable = context.apiKeyEnv
      ? `check the environment variable ${context.apiKeyEnv}`
      : `check the apiKeyEnv of provider ${context.providerName} in models.yaml`;
    return new ProviderError(`the API key for provider ${context.providerName} was rejected; ${variable}`, {
      ...options,
      retryable: false,
    });
  }
  if (status === 429) {
    return new ProviderError(`${where}: rate limited (429): ${detail}`, {
      ...options,
      retryable: true,
      retryAfterSeconds: parseRetryAfter(error.headers),
    });
  }
  if (status === 408 || status === 409 || status >= 500) {
    return new ProviderError(`${where}: temporary failure (${status}): ${detail}`, {
      ...options,
      retryable: true,
      retryAfterSeconds: parseRetryAfter(error.headers),
    });
  }
  if (status === 403) {
    return new ProviderError(`${where}: access denied (403): ${detail}`, { ...options, retryable: false });
  }
  if (status === 404) {
    return new ProviderError(
      `${where}: not found (404): ${detail}; check that "${context.remoteModel}" is the right remote model name in models.yaml and that ${context.baseURL} serves it`,
      { ...options, retryable: false },
    );
  }
  return new ProviderError(`${where}: request rejected (${status}): ${detail}`, { ...options, retryable: false });
}

/**
 * Maps any failure of a provider call. An abort through `signal` always becomes Cancelled, even
 * when the SDK reported it as a connection error, so that cancellation is never retried.
 */
export function toSandboxError(error: unknown, context: ProviderContext, signal?: AbortSignal): unknown {
  if (error instanceof CallerError) return error.original;
  if (signal?.aborted || error instanceof APIUserAbortError) {
    const cancelled = new Cancelled();
    cancelled.cause = error;
    return cancelled;
  }
  if (error instanceof SandboxError) return error;
  const where = `provider ${context.providerName}, model ${context.modelId}`;
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError(`${where}: no response within ${context.timeoutMs} ms from ${context.baseURL}`, {
      status: null,
      retryable: true,
      connection: true,
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? error.cause : undefined;
    const reason = cause ? `${cause.message}${cause.cause instanceof Error ? ` (${cause.cause.message})` : ''}` : error.message;
    return new ProviderError(`${where}: could not reach ${context.baseURL}: ${reason}`, {
      status: null,
      retryable: true,
      connection: true,
      cause: error,
    });
  }
  if (error instanceof APIError) {
    if (typeof error.status === 'number') return fromStatus(error as APIError & { status: number }, context);
    // An error event inside a stream: the server failed after it had started answering.
    return new ProviderError(`${where}: the server reported an error while streaming: ${apiMessage(error)}`, {
      status: null,
      retryable: true,
      cause: error,
    });
  }
  if (error instanceof SyntaxError) return malformedResponse(context, error.message, error);
  if (error instanceof Error && isConnectionFailure(error)) {
    return new ProviderError(`${where}: the connection to ${context.baseURL} failed mid-response: ${errorMessage(error)}`, {
      status: null,
      retryable: true,
      cause: error,
    });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    // Not our signal (checked above): the SDK's own timeout fired while reading the body.
    return new ProviderError(`${where}: the response from ${context.baseURL} was interrupted`, {
      status: null,
      retryable: true,
      cause: error,
    });
  }
  const kind = error instanceof OpenAIError ? 'the OpenAI client failed' : 'unexpected error';
  return new ProviderError(`${where}: ${kind}: ${errorMessage(error)}`, {
    status: null,
    retryable: false,
    cause: error,
  });
}
