// The fake OpenAI server's public types: what a test configures, what it reads back.
export type FakeChatMessage = { role: string; content: string };

/** What `respond` and `logprob` see: one completion prompt or the chat messages. */
export type FakeModelRequest = {
  endpoint: 'chat' | 'completions';
  model: string;
  /** Completions: the prompt text. */
  prompt?: string;
  /** Chat: the messages, content flattened to text. */
  messages?: FakeChatMessage[];
};

/**
 * Where a token sits. Completions: `prompt` is all text before the token (prompt plus any
 * generated text) and `generated` is ''. Chat: `messages` plus the assistant text so far.
 */
export type FakeLogprobContext = FakeModelRequest & { generated: string };

export type FaultKind = '429' | '500' | '503' | 'status' | 'slow' | 'drop' | 'stall' | 'malformed';

export type FaultSpec =
  /** Rate limit. `retryAfter` is the raw `retry-after` header (default '1'; null omits it). */
  | { kind: '429'; retryAfter?: string | null; retryAfterMs?: string }
  | { kind: '500' }
  | { kind: '503'; retryAfter?: string | null }
  /** Any status with OpenAI's error body, e.g. 408, 409, 400, 403. */
  | { kind: 'status'; status: number; message?: string; headers?: Record<string, string> }
  /** Waits `ms` (default: the server's `slowMs`) before answering normally: past a client timeout. */
  | { kind: 'slow'; ms?: number }
  /**
   * Destroys the socket. 'before-response' (default): nothing is sent. 'mid-body': headers and part
   * of the body (or the first stream chunks) are sent first; `afterTokens` (streams) says exactly
   * how many content tokens the client gets before the cut (and implies mid-body).
   */
  | { kind: 'drop'; phase?: 'before-response' | 'mid-body'; afterTokens?: number }
  /**
   * Answers 200, sends part of the answer and then neither sends more nor hangs up, until the
   * client gives up: an upstream stalled mid-answer. Streams: after `afterTokens` content tokens,
   * or when absent after everything but the final usage chunk and `[DONE]` (the client has the
   * whole text and the finish reason, not the usage). Whole JSON answers: half the body.
   */
  | { kind: 'stall'; afterTokens?: number }
  /** 200 with a body that is not valid JSON (or `body`, e.g. valid JSON of the wrong shape). */
  | { kind: 'malformed'; body?: string };

export type FaultInput = FaultKind | FaultSpec;

export type RandomFaults = { rate: number; kinds: FaultInput[]; seed: number };

export interface FaultController {
  /** Queue a fault for the next `times` inference requests (chat and completions), in order. */
  queue(fault: FaultInput, times?: number): void;
  /** Inject a fault into each inference request with probability `rate`; null turns it off. */
  random(options: RandomFaults | null): void;
  /** Drop queued faults and turn random mode off. */
  clear(): void;
  /** Queued faults not yet used. */
  pending(): number;
  /** Faults injected so far, by kind. */
  injected(): Record<string, number>;
}

export type RecordedRequest = {
  method: string;
  path: string;
  /** Parsed JSON body, the raw text when it was not JSON, or null when empty. */
  body: any;
  /** userAgent tells which client sent it (the openai SDK, or the gateway's forwarding path). */
  headers: { authorization: string | undefined; userAgent?: string | undefined };
  /** The fault injected into this request, if any. */
  fault: FaultKind | null;
  status: number | null;
};

export type FakeServerStats = {
  requests: number;
  byPath: Record<string, number>;
  byStatus: Record<string, number>;
  faults: Record<string, number>;
  faultsInjected: number;
  inFlight: number;
  maxInFlight: number;
};

export type FakeOpenAIServerOptions = {
  /** Required bearer token. Default 'test-key'. */
  apiKey?: string;
  /** Model ids the server knows; others get 404. */
  models?: string[];
  /** The model's answer before stop/max-token cuts. Default: {@link echoLastWord}. */
  respond?: (request: FakeModelRequest) => string;
  /** Log-probability of `token` in context. Default: {@link designedLogprob} over `respond`. */
  logprob?: (context: FakeLogprobContext, token: string) => number;
  /** Extra tokens offered in `top_logprobs` lists (scored with `logprob`). Default none. */
  vocabulary?: string[];
  /** Fixed delay before every response, in ms. Default 0. */
  latencyMs?: number;
  /** Delay between SSE chunks, in ms. Default 0. */
  chunkDelayMs?: number;
  /** How long a 'slow' fault waits, in ms. Default 30 000. */
  slowMs?: number;
  /** Leave `usage` out of every response, like some OpenAI-compatible servers. */
  omitUsage?: boolean;
};

export type FakeOpenAIServer = {
  /** Base URL including /v1, e.g. http://127.0.0.1:PORT/v1. */
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  faults: FaultController;
  stats(): FakeServerStats;
  /** Clear the request log and counters (not queued faults). */
  resetStats(): void;
  setLatencyMs(ms: number): void;
  close(): Promise<void>;
};
