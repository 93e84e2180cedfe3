// A validation issue of a student's program (a zod issue, read structurally so this module stays
// dependency-free) as a said sentence: one code per kind of issue, the field's path as a parameter.
// Only the issue's kind, path and limits are used, never the offending value, so no input text
// (let alone a hidden case's) can travel in a message.
import { say, type Said } from './say.js';

export type IssueLike = {
  code: string;
  path: readonly PropertyKey[];
  expected?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  values?: readonly unknown[];
  keys?: readonly string[];
};

/** `examples[0].input`: the path as a student reads it in their program file. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), '');
}

export function issueSaid(issue: IssueLike, prefix = ''): Said {
  const joined = formatIssuePath(issue.path);
  const path = prefix && joined ? `${prefix}.${joined}` : prefix || joined || '(program)';
  switch (issue.code) {
    case 'invalid_type':
      return say('program.invalid_type', { path, expected: String(issue.expected ?? '?') });
    case 'too_small':
      return say('program.too_small', { path, minimum: Number(issue.minimum ?? 0) });
    case 'too_big':
      return say('program.too_big', { path, maximum: Number(issue.maximum ?? 0) });
    case 'invalid_value':
      return say('program.invalid_value', { path, options: (issue.values ?? []).map((value) => JSON.stringify(value)).join(', ') });
    case 'invalid_format':
      return say('program.invalid_format', { path });
    case 'unrecognized_keys':
      return say('program.unknown_keys', { path, keys: (issue.keys ?? []).map((key) => `"${key}"`).join(', ') });
    case 'invalid_union':
      return issue.path.length === 0 && !prefix ? say('program.needs_kind') : say('program.invalid_field', { path });
    default:
      return say('program.invalid_field', { path });
  }
}
