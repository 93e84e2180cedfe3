// The pieces of the gateway every endpoint shares (gateway-handler.ts for chat and legacy
// completions, gateway-responses.ts for the Responses API): what a call needs from the handler,
// the request id, JSON answers, and the gateway's own words for bad bodies and unknown models.
import type http from 'node:http';
import type { User } from '../core/api.js';
import { NotFound, SandboxError } from '../core/errors.js';
import type { TextModel } from '../core/model.js';
import type { ModelCaller } from '../grading/model-caller.js';
import type { AppDeps } from './app-deps.js';
import type { MappedGatewayError } from './gateway-errors.js';

export type GatewayKind = 'chat' | 'completions' | 'responses';

/** What serving one request of any kind needs from the handler (gateway-responses.ts uses it too). */
export type GatewayCall = {
  deps: AppDeps;
  /** The text model behind `id`, refused when it cannot serve `kind` (the model policy of every endpoint). */
  textModel(id: string, kind: GatewayKind): Promise<TextModel>;
  /** `requested`, refused above the gateway's cap; `fallback` (capped) when absent. */
  maxTokensOf(requested: number | null | undefined, fallback: number, field?: string): number;
  /**
   * Runs `work` under the user's concurrency slot with a model caller metered to the user (no
   * cache, one attempt). A streamed call stops when the client hangs up; a whole one is read to
   * the end (the provider bills it either way).
   */
  withCaller(user: User, modelId: string, streaming: boolean, response: http.ServerResponse, work: (caller: ModelCaller) => Promise<void>): Promise<void>;
  /** The failure as the client may see it (no internals), its detail logged under the request id. */
  mapError(error: unknown, response: http.ServerResponse): MappedGatewayError;
};

/** A JSON answer with the headers express's res.json sends, so both ways in answer byte for byte alike. */
export function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** An unknown model id, in OpenAI's words (the registry's message names the configuration file). */
export function unknownModel(id: string): NotFound {
  return new NotFound('model', `The model \`${id}\` does not exist or is not available in this course.`);
}

/** A body that failed its schema: the first problem, with the field it is about (OpenAI's `param`). */
export function invalidBody(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): SandboxError {
  const issue = error.issues[0]!;
  const param = formatParam(issue.path);
  return new SandboxError('bad_request', `Invalid '${param || 'body'}': ${issue.message}`, param ? { param } : undefined);
}

/** `input[1].content[0].type` from ['input', 1, 'content', 0, 'type'], as OpenAI names fields. */
function formatParam(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out;
}
