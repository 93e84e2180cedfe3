// Errors of the gateway in OpenAI's shape, with the statuses SDKs act on: 401 for a bad key, 429
// for limits (with `x-should-retry: false` when waiting cannot help: a spent budget), 400 for
// malformed requests, 404 for unknown models, 502/503 when the model behind the gateway fails.
// What a student reads is a stable code and a plain sentence: a provider's own message can carry
// its URL, host, account or the variable holding the course's key, so it goes to the server log
// only, under the answer's request id (`x-request-id`), where staff find it.
import { BudgetExceeded, NotFound, ProviderError, RateLimited, SandboxError } from '../core/errors.js';
import { openAIError, type OpenAIErrorBody } from '../gateway/openai-wire.js';
import { ApiError, TooManyFailures } from './api-error.js';
import { mapError } from './errors.js';

export type MappedGatewayError = { status: number; body: OpenAIErrorBody; headers: Record<string, string> };

/** The field a validation error is about, when it says (OpenAI's `param`). */
function paramOf(error: unknown): string | null {
  const param = error instanceof SandboxError ? (error.details as { param?: unknown } | undefined)?.param : undefined;
  return typeof param === 'string' ? param : null;
}

export function mapGatewayError(error: unknown, log: (line: string) => void, requestId: string | null = null): MappedGatewayError {
  /** A server-side line with what the client is not told, findable by the request id. */
  const logDetail = (line: Record<string, unknown>) => log(JSON.stringify({ level: 'error', requestId, ...line }));
  if (error instanceof BudgetExceeded) {
    return {
      status: 429,
      body: openAIError(`Sandbox budget exhausted: ${error.message}`, 'insufficient_quota', 'insufficient_quota'),
      headers: { 'x-should-retry': 'false' },
    };
  }
  if (error instanceof RateLimited) {
    return { status: 429, body: openAIError(error.message, 'requests', 'rate_limit_exceeded'), headers: { 'retry-after': String(error.retryAfterSeconds) } };
  }
  if (error instanceof TooManyFailures) {
    // A wrong key stays wrong after the wait: SDKs (which retry 429s by themselves) are told not to.
    return {
      status: 429,
      body: openAIError(error.message, 'requests', 'rate_limit_exceeded'),
      headers: { 'retry-after': String(error.retryAfterSeconds), 'x-should-retry': 'false' },
    };
  }
  if (error instanceof ApiError && error.status === 401) {
    return { status: 401, body: openAIError(error.message, 'invalid_request_error', 'invalid_api_key'), headers: {} };
  }
  // The gateway words its own model errors (gateway-handler.ts: unknownModel, image-text models).
  if (error instanceof NotFound) return { status: 404, body: openAIError(error.message, 'invalid_request_error', 'model_not_found', 'model'), headers: {} };
  if (error instanceof ProviderError) {
    logDetail({ code: error.code, upstreamStatus: error.status, message: error.message });
    if (error.status === 429) {
      return {
        status: 429,
        body: openAIError('the model provider is rate limiting the sandbox; try again in a moment', 'requests', 'rate_limit_exceeded'),
        headers: error.retryAfterSeconds !== null ? { 'retry-after': String(error.retryAfterSeconds) } : {},
      };
    }
    return { status: 502, body: openAIError('the model provider failed; try again', 'api_error', 'upstream_error'), headers: {} };
  }
  // Unexpected errors are logged (with their stack) by mapError; the line gets the request id too.
  const mapped = mapError(error, (line) => log(withRequestId(line, requestId)));
  // OpenAI answers every malformed request with 400; a program-style 422 means the same here.
  const status = mapped.status === 422 ? 400 : mapped.status;
  if (status === 503) logDetail({ code: mapped.body.error.code, details: mapped.body.error.details ?? null });
  return {
    status,
    body: openAIError(mapped.body.error.message, status >= 500 ? 'server_error' : 'invalid_request_error', mapped.body.error.code, paramOf(error)),
    headers: mapped.headers,
  };
}

/** A JSON log line with the request id added after its level. */
function withRequestId(line: string, requestId: string | null): string {
  try {
    const { level, ...rest } = JSON.parse(line) as Record<string, unknown>;
    return JSON.stringify({ level, requestId, ...rest });
  } catch {
    return line;
  }
}
