// Reading what a client sent: the raw body, and the request fields the fake server checks the way
// OpenAI does (a wrong type or value is a 400 in OpenAI's error shape).
import type http from 'node:http';
import { HttpError } from './replies.js';

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function flattenContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (part && typeof part === 'object' && typeof part.text === 'string' ? part.text : '')).join('');
  }
  if (content === null || content === undefined) return '';
  throw new HttpError(400, "Invalid type for 'messages[].content'", 'invalid_request_error', null, 'messages');
}

export function parseStop(stop: unknown): string[] {
  if (stop === undefined || stop === null) return [];
  const list = typeof stop === 'string' ? [stop] : stop;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
    throw new HttpError(400, "Invalid type for 'stop'", 'invalid_request_error', null, 'stop');
  }
  if (list.length > 4) {
    throw new HttpError(400, "Invalid 'stop': array too long. Expected at most 4.", 'invalid_request_error', null, 'stop');
  }
  return list;
}

export function parseMaxTokens(value: unknown, name: string, min: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new HttpError(400, `Invalid '${name}': expected an integer >= ${min}.`, 'invalid_request_error', null, name);
  }
  return value;
}
