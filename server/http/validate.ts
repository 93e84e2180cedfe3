// Zod at the HTTP edge: bodies, queries and route params are parsed before any handler logic, and
// a mistake becomes a 400 that says which field is wrong and why.
import type { z } from 'zod';
import { issueSaid } from '../shared/messages/issue-said.js';
import { badRequest } from './api-error.js';
import { say } from '../shared/messages/say.js';

function describe(where: string, issues: z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys')
      return `${where}${path ? `.${path}` : ''}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return `${where}${path ? `.${path}` : ''}: ${issue.message}`;
  });
  if (issues.length > 5) parts.push(`and ${issues.length - 5} more`);
  return parts.join('; ');
}

function parse<S extends z.ZodType>(where: string, schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20);
  throw badRequest(
    describe(where, result.error.issues),
    { issues: issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })) },
    issues.map((issue) => issueSaid(issue, where)),
  );
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined) throw badRequest('the request needs a JSON body (Content-Type: application/json)', undefined, [say('request.needs_json')]);
  return parse('body', schema, body);
}

export const parseQuery = <S extends z.ZodType>(schema: S, query: unknown): z.infer<S> => parse('query', schema, query);
export const parseParams = <S extends z.ZodType>(schema: S, params: unknown): z.infer<S> => parse('path', schema, params);
