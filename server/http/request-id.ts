// The request id of an answer (`x-request-id`): every /v1 and /api answer carries one and the
// request log line repeats it, so a student can quote it and staff find the failing call, with
// the detail the student was not told, in the server log.
import type http from 'node:http';
import { objectId } from '../gateway/openai-wire.js';

/** Gives `response` a fresh `x-request-id` and returns it. */
export function assignRequestId(response: Pick<http.ServerResponse, 'setHeader'>): string {
  const id = objectId('req');
  response.setHeader('x-request-id', id);
  return id;
}

/** The `x-request-id` already set on `response`, when it has one. */
export function requestIdOf(response: Pick<http.ServerResponse, 'getHeader'>): string | null {
  const id = response.getHeader('x-request-id');
  return typeof id === 'string' ? id : null;
}
