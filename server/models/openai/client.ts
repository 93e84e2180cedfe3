// Builds the `openai` SDK client the way grading needs it: no SDK retries (the grading engine owns
// retries and backoff, and double retrying would multiply waits and cost), explicit credentials
// (never the SDK's own environment fallbacks) and no SDK logging (every failure surfaces as a
// ProviderError instead).
import OpenAI, { type ClientOptions } from 'openai';

export type Fetch = NonNullable<ClientOptions['fetch']>;

export const DEFAULT_TIMEOUT_MS = 60_000;

export type OpenAIClientOptions = {
  baseURL: string;
  apiKey: string;
  fetch?: Fetch;
  timeoutMs?: number;
};

export function createOpenAIClient(options: OpenAIClientOptions): OpenAI {
  return new OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey,
    // Passing null stops the SDK from reading OPENAI_ORG_ID / OPENAI_PROJECT_ID / ... itself.
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    logLevel: 'off',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
