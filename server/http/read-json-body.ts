// The gateway fast lane's JSON body reader: what jsonBody() (body-parser with strict UTF-8) does for
// the plain case the lane accepts (application/json in UTF-8, uncompressed, with a Content-Length
// within the limit), without express. Failures are errors of body-parser's shape (status and type),
// so the error mapping answers them with the same status and message.
import type http from 'node:http';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readError(status: number, type: string, message: string, cause?: unknown): Error {
  return Object.assign(new Error(message, { cause }), { status, type, expose: true });
}

/** Parses a body the way body-parser's strict JSON parser does: objects and arrays only, {} when empty. */
export function parseJsonBody(bytes: Buffer): unknown {
  let text: string;
  try {
    // Like body-parser's verify + iconv decode: invalid bytes are refused, a byte order mark dropped.
    text = utf8.decode(bytes);
  } catch {
    throw readError(400, 'encoding.invalid', 'the request body is not valid UTF-8');
  }
  if (text.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.)/s.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw readError(400, 'entity.parse.failed', 'the request body is not a JSON object or array');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw readError(400, 'entity.parse.failed', 'the request body is not valid JSON', error);
  }
}

/** Reads the whole body (the caller checked its Content-Length against the limit) and parses it. */
export function readJsonBody(request: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        resolve(parseJsonBody(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', (error) => reject(readError(400, 'request.aborted', 'request aborted', error)));
    request.on('aborted', () => reject(readError(400, 'request.aborted', 'request aborted')));
  });
}
