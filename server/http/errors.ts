// Maps typed errors to HTTP statuses and the `{ error: { code, message, details } }` body.
// Unexpected errors are logged server-side; clients get a generic message, never a stack trace.
import type { ErrorRequestHandler } from 'express';
import { BudgetExceeded, Cancelled, ConfigError, NotFound, ProgramError, ProviderError, SandboxError, TaskError } from '../core/errors.js';

export function statusOf(error: unknown): number {
  if (error instanceof NotFound) return 404;
  if (error instanceof ProgramError) return 422;
  if (error instanceof BudgetExceeded) return 429;
  if (error instanceof ProviderError) return 502;
  if (error instanceof Cancelled) return 499;
  if (error instanceof ConfigError || error instanceof TaskError) return 500;
  if (error instanceof SandboxError) return 400;
  return 500;
}

export function createErrorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error, _request, response, _next) => {
    // express.json() reports malformed and oversized bodies with a status of its own.
    const bodyStatus = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : null;
    if (bodyStatus) {
      const message = error.type === 'entity.too.large' ? 'the request body is too large' : error.type === 'entity.parse.failed' ? 'the request body is not valid JSON' : 'the request could not be read';
      response.status(bodyStatus).json({ error: { code: 'bad_request', message } });
      return;
    }
    const status = statusOf(error);
    if (status === 500) {
      log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      response.status(500).json({ error: { code: 'internal', message: 'something went wrong on the server; the staff can find the details in its log' } });
      return;
    }
    const sandboxError = error as SandboxError;
    response.status(status).json({ error: { code: sandboxError.code, message: sandboxError.message, ...(sandboxError.details !== undefined ? { details: sandboxError.details } : {}) } });
  };
}
