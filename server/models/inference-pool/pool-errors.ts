// Errors across the thread boundary. A structured clone keeps an Error's message but not its class,
// so members send plain data and the main thread rebuilds the typed error the in-process model
// would have thrown: grading and HTTP then treat a pooled model exactly like a local one.
import { Cancelled, ConfigError, NotFound, ProviderError, SandboxError, errorMessage } from '../../core/errors.js';
import { InvalidImage, type InvalidImageReason } from '../images/invalid-image.js';
import type { SerializedError } from './pool-protocol.js';

/**
 * A pool member died (crashed, ran out of memory, was ended because a cancelled call would not
 * stop) while running this call. Infrastructure, not the student's program: retryable, so grading
 * runs the case again on a fresh member instead of marking it wrong.
 */
export class PoolMemberFailed extends ProviderError {
  constructor(modelId: string, cause: unknown) {
    super(`the local inference worker running model ${modelId} stopped (${errorMessage(cause)}); the call can be retried`, { retryable: true, cause });
  }
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ProviderError) {
    return { code: error.code, message: error.message, status: error.status, retryable: error.retryable, details: error.details };
  }
  if (error instanceof SandboxError) return { code: error.code, message: error.message, details: error.details, said: [...error.said] };
  return { code: null, message: errorMessage(error) };
}

export function deserializeError(error: SerializedError, modelId: string): Error {
  switch (error.code) {
    case 'cancelled':
      return new Cancelled(error.message);
    case 'config_error':
      return new ConfigError(error.message, error.details);
    case 'not_found':
      return error.said?.[0] ? new NotFound('model', error.message, error.said[0]) : new NotFound('model', error.message);
    case 'provider_error':
      return new ProviderError(error.message, { status: error.status ?? null, retryable: error.retryable ?? false });
    case 'invalid_image': {
      const details = (error.details ?? {}) as { reason?: InvalidImageReason; file?: string };
      return new InvalidImage(details.reason ?? 'unreadable', details.file ?? '', error.message, error.details as Record<string, unknown>);
    }
    case null:
      // What the in-process models do with a library failure: deterministic, so not retryable.
      return new ProviderError(`model ${modelId} failed: ${error.message}`, { retryable: false });
    default:
      return new SandboxError(error.code, error.message, error.details, error.said ?? []);
  }
}
