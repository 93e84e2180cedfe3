// What a report says about a case that could not be run. Reports reach students (dev cases in
// detail, in the playground and in a submission's report), and a model provider's own text can
// carry its URL, host, account or the variable holding the course's key: a provider failure is
// said by its kind and upstream status only. Other failures (a bad image, an evaluator) are the
// sandbox's own words and stay as they are.
import { ProviderError, errorMessage } from '../core/errors.js';

export function caseErrorText(error: unknown): string {
  if (!(error instanceof ProviderError)) return errorMessage(error);
  if (error.status === 429) return 'the model provider is rate limiting the sandbox (HTTP 429); try again in a moment';
  if (error.connection) return 'the model provider could not be reached; try again';
  return error.status === null ? 'the model provider failed; try again' : `the model provider failed (HTTP ${error.status}); try again`;
}
