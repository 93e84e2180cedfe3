import type { z } from 'zod';
import { ProgramError } from '../core/errors.js';
import { PromptProgramSchema, type PromptProgram } from '../core/prompt-program.js';
import { formatPath } from '../catalog/format-problems.js';
import { issueSaid } from '../shared/messages/issue-said.js';
import type { Said } from '../shared/messages/say.js';

/** Zod issues as messages a student can act on: the place, then what is wrong. */
export function formatProgramIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length ? `${formatPath(issue.path)}: ` : '';
    if (issue.code === 'unrecognized_keys') return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    if (issue.code === 'invalid_union' && issue.path.length === 0) return 'a program needs "kind": "text" or "kind": "image-text"';
    return `${where}${issue.message}`;
  });
}

/** The same issues as codes (one per kind of issue, the path as a parameter) for the student's language. */
export function programIssuesSaid(error: z.ZodError): Said[] {
  return error.issues.map((issue) => issueSaid(issue));
}

/** Validates an untrusted program (a submission file, an HTTP body) with messages a student can act on. */
export function parseProgram(input: unknown): PromptProgram {
  const result = PromptProgramSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ProgramError(formatProgramIssues(result.error), programIssuesSaid(result.error));
}
