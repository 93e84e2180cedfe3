// An image that cannot be used: not an image, an unsupported format, truncated or corrupt, or over
// a size limit. It fails the same way on every attempt, so it is a SandboxError rather than a
// (possibly retryable) ProviderError: grading records the case as errored without retrying, and
// HTTP answers an upload with 400 and the message.
import { SandboxError } from '../../core/errors.js';
import { say, type Said } from '../../shared/messages/say.js';

export type InvalidImageReason = 'unreadable' | 'not-an-image' | 'unsupported-format' | 'corrupt' | 'too-many-pixels' | 'too-many-bytes';

export class InvalidImage extends SandboxError {
  readonly reason: InvalidImageReason;
  /** Base name of the file (or upload name): never a server path. */
  readonly file: string;
  constructor(reason: InvalidImageReason, file: string, message: string, details?: Record<string, unknown>) {
    super('invalid_image', message, { reason, file, ...details }, [imageSaid(reason, file, details ?? {})]);
    this.reason = reason;
    this.file = file;
  }
}

/** The refusal as a code for the student's language; its parameters are the file's name and measures only. */
function imageSaid(reason: InvalidImageReason, file: string, details: Record<string, unknown>): Said {
  const number = (key: string) => (typeof details[key] === 'number' ? (details[key] as number) : 0);
  switch (reason) {
    case 'unreadable':
      return say('image.unreadable', { file });
    case 'not-an-image':
      return say('image.not_an_image', { file });
    case 'unsupported-format':
      return say('image.unsupported_format', { file, format: typeof details.format === 'string' ? details.format.toUpperCase() : '?' });
    case 'corrupt':
      return say('image.corrupt', { file });
    case 'too-many-pixels':
      return say('image.too_many_pixels', { file, width: number('width'), height: number('height'), maxPixels: number('maxPixels') });
    case 'too-many-bytes':
      return say('image.too_many_bytes', { file, bytes: number('bytes'), maxBytes: number('maxBytes') });
  }
}
