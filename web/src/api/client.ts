// JSON calls to the sandbox API (same origin, cookie session). A 401 on any call except sign-in
// tells the session to show the sign-in page.
import { ApiError, asApiError } from './api-error.js';

export const UNAUTHORIZED_EVENT = 'sandbox:unauthorized';

function signalUnauthorized(path: string): void {
  if (!path.startsWith('/api/auth/') && !path.startsWith('/api/me')) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
}

export async function readError(response: Response, path: string): Promise<ApiError> {
  if (response.status === 401) signalUnauthorized(path);
  const text = await response.text().catch(() => '');
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML error page, say): fall back to the status.
  }
  return ApiError.fromBody(response.status, body);
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    throw asApiError(error);
  }
  if (!response.ok) throw await readError(response, path);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const apiGet = <T>(path: string, signal?: AbortSignal) => api<T>('GET', path, undefined, signal);
