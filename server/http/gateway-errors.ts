// Errors of the gateway in OpenAI's shape, with the statuses SDKs act on: 401 for a bad key, 429
// for limits (with `x-should-retry: false` when waiting cannot help: a spent budget), 400 for
// malformed requests, 404 for unknown models, 502/503 when the model behind the gateway fails.
import { BudgetExceeded, NotFound, ProviderError } from '../core/errors.js';
import { openAIError, type OpenAIErrorBody } from '../gateway/openai-wire.js';
import { RateLimited } from '../usage/request-limiter.js';
import { ApiError, TooManyFailures } from './api-error.js';
import { mapError } from './errors.js';

export type MappedGatewayError = { status: number; body: OpenAIErrorBody; headers: Record<string, string> };

export function mapGatewayError(error: unknown, log: (line: string) => void): MappedGatewayError {
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
  if (error instanceof NotFound) return { status: 404, body: openAIError(error.message, 'invalid_request_error', 'model_not_found', 'model'), headers: {} };
  if (error instanceof ProviderError && error.status === 429) {
    return {
      status: 429,
      body: openAIError(error.message, 'requests', 'rate_limit_exceeded'),
      headers: error.retryAfterSeconds !== null ? { 'retry-after': String(error.retryAfterSeconds) } : {},
    };
  }
  if (error instanceof ProviderError) {
    return { status: 502, body: openAIError(`the model behind the sandbox gateway failed: ${error.message}`, 'api_error', 'upstream_error'), headers: {} };
  }
  const mapped = mapError(error, log);
  // OpenAI answers every malformed request with 400; a program-style 422 means the same here.
  const status = mapped.status === 422 ? 400 : mapped.status;
  return {
    status,
    body: openAIError(mapped.body.error.message, status >= 500 ? 'server_error' : 'invalid_request_error', mapped.body.error.code),
    headers: mapped.headers,
  };
}
