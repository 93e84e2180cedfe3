// What a report says about a case that could not be run. Reports reach students (dev cases in
// detail, in the playground and in a submission's report), and a model provider's own text can
// carry its URL, host, account or the variable holding the course's key: a provider failure is
// said by its kind and upstream status only. Other failures (a bad image, an evaluator) are the
// sandbox's own words and stay as they are.
import { ProviderError, SandboxError, errorMessage } from '../core/errors.js';
import { type Said, say } from '../shared/messages/say.js';

export function caseErrorText(error: unknown): string {
  if (!(error instanceof ProviderError)) return errorMessage(error);
  if (error.status === 429) return 'the model provider is rate limiting the sandbox (HTTP 429); try again in a moment';
  if (error.connection) return 'the model provider could not be reached; try again';
  return error.status === null ? 'the model provider failed; try again' : `the model provider failed (HTTP ${error.status}); try again`;
}

/** The same by code for the student's language; null when only the English text exists. */
export function caseErrorSaid(error: unknown): Said | null {
  if (error instanceof ProviderError) {
    if (error.status === 429) return say('provider.rate_limited');
    if (error.connection) return say('provider.unreachable');
    return say('provider.failed');
  }
  // The sandbox's own errors (a bad image, a program problem) said one sentence by code.
  return error instanceof SandboxError && error.said.length === 1 ? error.said[0]! : null;
}

/** The error fields of a case that could not be run. */
export function caseErrorFields(error: unknown): { error: string; errorSaid?: Said } {
  const said = caseErrorSaid(error);
  return { error: caseErrorText(error), ...(said ? { errorSaid: said } : {}) };
}
