// What the student should do about an error, by its status and code: the server's message says
// what failed, the hint says what to try.
import type { ApiError } from '../api/api-error.js';
import type { MessageKey } from '../i18n/messages-en.js';

export function errorHint(error: ApiError): MessageKey {
  if (error.status === 0) return 'error.hint.network';
  if (error.status === 401) return 'error.hint.signIn';
  if (error.status === 403) return 'error.hint.forbidden';
  if (error.status === 404) return 'error.hint.notFound';
  if (error.status === 413) return 'error.hint.tooLarge';
  // A file that is not a usable image (server/models/images/invalid-image.ts): the image is at fault.
  if (error.code === 'invalid_image') return 'error.hint.image';
  // The model cannot be used on this server (not set up, or its upstream is down): retrying will
  // not help, another model will; the operator's advice is on the staff page, not here.
  if (error.code === 'model_unavailable') return 'error.hint.modelUnavailable';
  if (error.status === 422 || error.status === 400) return 'error.hint.program';
  if (error.status === 429) return error.code.includes('rate') ? 'error.hint.rateLimit' : 'error.hint.budget';
  if (error.status === 502 || error.code === 'provider_error') return 'error.hint.provider';
  if (error.status === 504) return 'error.hint.timeout';
  return 'error.hint.server';
}
