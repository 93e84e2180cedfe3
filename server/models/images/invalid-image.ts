// An image that cannot be used: not an image, an unsupported format, truncated or corrupt, or over
// a size limit. It fails the same way on every attempt, so it is a SandboxError rather than a
// (possibly retryable) ProviderError: grading records the case as errored without retrying, and
// HTTP answers an upload with 400 and the message.
import { SandboxError } from '../../core/errors.js';

export type InvalidImageReason = 'unreadable' | 'not-an-image' | 'unsupported-format' | 'corrupt' | 'too-many-pixels' | 'too-many-bytes';

export class InvalidImage extends SandboxError {
  readonly reason: InvalidImageReason;
  /** Base name of the file (or upload name): never a server path. */
  readonly file: string;
  constructor(reason: InvalidImageReason, file: string, message: string, details?: Record<string, unknown>) {
    super('invalid_image', message, { reason, file, ...details });
    this.reason = reason;
    this.file = file;
  }
}
