// One error type for everything the server (or the network) can answer, so pages show a message
// and a hint without caring where it came from.
import type { ApiErrorBody } from '../../../server/core/api.js';

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  static fromBody(status: number, body: unknown): ApiError {
    const error = (body as Partial<ApiErrorBody> | null)?.error;
    if (error && typeof error.message === 'string') return new ApiError(status, error.code ?? 'error', error.message, error.details);
    return new ApiError(status, 'http_' + status, `the server answered ${status}`);
  }
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DOMException && error.name === 'AbortError') return new ApiError(499, 'cancelled', 'cancelled');
  return new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
}
