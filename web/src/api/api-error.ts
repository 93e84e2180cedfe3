// One error type for everything the server (or the network) can answer, so pages show a message
// and a hint without caring where it came from. `said` is the server's message by code, which the
// page renders in the student's language (i18n `said`), falling back to the English `message`.
import type { ApiErrorBody } from '../../../server/core/api.js';
import type { Said } from '../../../server/shared/messages/say.js';

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly said: readonly Said[];
  constructor(status: number, code: string, message: string, details?: unknown, said: readonly Said[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.said = said;
  }

  static fromBody(status: number, body: unknown): ApiError {
    const error = (body as Partial<ApiErrorBody> | null)?.error;
    if (error && typeof error.message === 'string') return new ApiError(status, error.code ?? 'error', error.message, error.details, saidOf(error.said));
    return new ApiError(status, `http_${status}`, `the server answered ${status}`);
  }
}

/** The well-formed sentences of a body's `said` (anything else is dropped: the message remains). */
export function saidOf(value: unknown): Said[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is Said =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as Said).code === 'string' &&
      typeof (item as Said).params === 'object' &&
      (item as Said).params !== null,
  );
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DOMException && error.name === 'AbortError') return new ApiError(499, 'cancelled', 'cancelled');
  return new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
}
