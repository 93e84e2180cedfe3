// JSON bodies with a size limit per route group, and strict UTF-8: body-parser would quietly turn
// invalid bytes into U+FFFD, and a prompt that silently changed is worse than a clear 400.
import express from 'express';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function jsonBody(limit: string | number) {
  return express.json({
    limit,
    verify: (_request, _response, buffer) => {
      try {
        utf8.decode(buffer);
      } catch {
        throw Object.assign(new Error('the request body is not valid UTF-8'), { status: 400, type: 'encoding.invalid' });
      }
    },
  });
}
