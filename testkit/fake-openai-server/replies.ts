// JSON answers in OpenAI's shape: the typed error a handler throws, the error body, and the writer
// that sends a JSON body (or its malformed / cut-short version when a mid-body fault is active).
// The writer owns the `x-request-id` counter so that header ids are reproducible per server.
import type http from 'node:http';
import type { FaultSpec } from './types.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

export function errorBody(message: string, type: string, code: string | null = null, param: string | null = null) {
  return JSON.stringify({ error: { message, type, param, code } });
}

export type Replies = {
  sendJson(res: http.ServerResponse, status: number, text: string, fault: FaultSpec | null, headers?: Record<string, string>): void;
  sendError(res: http.ServerResponse, error: HttpError, headers?: Record<string, string>): void;
};

export function createReplies(): Replies {
  let nextRequestId = 1;

  /** Sends a JSON body, or the malformed / mid-body-drop version of it when that fault is active. */
  function sendJson(res: http.ServerResponse, status: number, text: string, fault: FaultSpec | null, headers: Record<string, string> = {}) {
    if (fault?.kind === 'malformed') text = fault.body ?? text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    const bytes = Buffer.from(text, 'utf8');
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(bytes.length),
      'x-request-id': `req_${nextRequestId++}`,
      ...headers,
    });
    if (fault?.kind === 'drop') {
      // Promise the whole body, send half, hang up: the client sees a body that ends too soon.
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
      return;
    }
    if (fault?.kind === 'stall') {
      // Promise the whole body, send half, then go quiet until the client gives up.
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      return;
    }
    res.end(bytes);
  }

  function sendError(res: http.ServerResponse, error: HttpError, headers: Record<string, string> = {}) {
    sendJson(res, error.status, errorBody(error.message, error.type, error.code, error.param), null, headers);
  }

  return { sendJson, sendError };
}
