// Maps typed errors to HTTP statuses and the `{ error: { code, message, details } }` body.
// Unexpected errors are logged server-side; clients get a generic message, never a stack trace.
// A model provider's failure is said plainly too: its own text can carry its URL, host, account or
// the variable holding the course's key, so that goes to the log under the answer's request id.
import type { ErrorRequestHandler } from 'express';
import type { ApiErrorBody } from '../core/api.js';
import {
  BudgetExceeded,
  Cancelled,
  ConfigError,
  ModelUnavailable,
  NotFound,
  PastCutoff,
  ProgramError,
  ProviderError,
  RateLimited,
  SandboxError,
  SubmissionLimitReached,
  TaskError,
} from '../core/errors.js';
import { describeStorageFault, isStorageFault } from '../storage/storage-fault.js';
import { say } from '../shared/messages/say.js';
import { ApiError, TooManyFailures } from './api-error.js';
import { requestIdOf } from './request-id.js';

export function statusOf(error: unknown): number {
  if (error instanceof ApiError) return error.status;
  if (error instanceof NotFound) return 404;
  if (error instanceof ProgramError) return 422;
  if (error instanceof PastCutoff) return 403;
  if (error instanceof BudgetExceeded || error instanceof RateLimited || error instanceof SubmissionLimitReached) return 429;
  if (error instanceof ModelUnavailable) return 503;
  if (error instanceof ProviderError) return 502;
  if (error instanceof Cancelled) return 499;
  if (error instanceof ConfigError || error instanceof TaskError) return 500;
  if (error instanceof SandboxError) return 400;
  return 500;
}

/** Errors raised by express's body parsers and router carry a 4xx `status` of their own. */
function requestReadError(error: unknown): { status: number; message: string } | null {
  const candidate = error as { status?: unknown; type?: unknown; expose?: unknown } | null;
  if (!candidate || typeof candidate.status !== 'number' || candidate.status < 400 || candidate.status >= 500 || error instanceof SandboxError) return null;
  const messages: Record<string, string> = {
    'entity.too.large': 'the request body is too large',
    'entity.parse.failed': 'the request body is not valid JSON',
    'encoding.unsupported': 'the request body must be UTF-8',
    'charset.unsupported': 'the request body must be UTF-8',
    'request.aborted': 'the request was aborted',
    'encoding.invalid': 'the request body is not valid UTF-8',
  };
  const message = typeof candidate.type === 'string' ? messages[candidate.type] : undefined;
  if (error instanceof URIError) return { status: 400, message: 'the URL is not valid (bad percent-encoding)' };
  return { status: candidate.status, message: message ?? 'the request could not be read' };
}

export type MappedError = { status: number; body: ApiErrorBody; headers: Record<string, string> };

/** The status and body for any error; `log` receives the details of unexpected ones (with `requestId`). */
export function mapError(error: unknown, log: (line: string) => void, requestId: string | null = null): MappedError {
  const read = requestReadError(error);
  if (read) return { status: read.status, body: { error: { code: 'bad_request', message: read.message } }, headers: {} };
  if (isStorageFault(error)) {
    // A full or read-only database: the server's problem, said in one log line; reads keep working.
    log(JSON.stringify({ level: 'error', ...idField(requestId), message: `storage fault: ${describeStorageFault(error)}` }));
    const message = 'the server cannot store data right now (its database refused the write); nothing was saved, try again later';
    return { status: 503, body: { error: { code: 'storage_unavailable', message, said: [say('server.storage_unavailable')] } }, headers: {} };
  }
  if (error instanceof ProviderError) {
    log(JSON.stringify({ level: 'error', ...idField(requestId), code: error.code, upstreamStatus: error.status, message: error.message }));
    const limited = error.status === 429;
    const message = limited ? 'the model provider is rate limiting the sandbox; try again in a moment' : 'the model provider failed; try again';
    const said = [say(limited ? 'provider.rate_limited' : 'provider.failed')];
    return { status: 502, body: { error: { code: error.code, message, said } }, headers: {} };
  }
  const status = statusOf(error);
  if (status === 500) {
    log(JSON.stringify({ level: 'error', ...idField(requestId), message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
    return {
      status,
      body: {
        error: { code: 'internal', message: 'something went wrong on the server; the staff can find the details in its log', said: [say('server.internal')] },
      },
      headers: {},
    };
  }
  const sandboxError = error as SandboxError;
  const headers: Record<string, string> =
    error instanceof RateLimited || error instanceof TooManyFailures ? { 'retry-after': String(error.retryAfterSeconds) } : {};
  return {
    status,
    body: {
      error: {
        code: sandboxError.code,
        message: sandboxError.message,
        ...(sandboxError.details !== undefined ? { details: sandboxError.details } : {}),
        // Sentences by code for the student's language, next to the English message.
        ...(sandboxError.said?.length ? { said: [...sandboxError.said] } : {}),
      },
    },
    headers,
  };
}

/** The request id as a log field, when the answer has one. */
function idField(requestId: string | null): { requestId?: string } {
  return requestId ? { requestId } : {};
}

export function createErrorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error, _request, response, _next) => {
    const mapped = mapError(error, log, requestIdOf(response));
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(mapped.status).set(mapped.headers).json(mapped.body);
  };
}
