// Turns zod issues and YAML parse errors into the one-line, file-and-place messages staff need:
//   tasks/sentiment/task.yaml line 7 (points.target): target must be greater than baseline
import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

export function displayPath(file: string, root = process.cwd()): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') ? file : relative;
}

export type ParsedYaml = { value: unknown; problems: string[]; lineOf: (keyPath: PropertyKey[]) => number | null };

/** Parses YAML keeping positions so later schema problems can point at a line. */
export function parseYamlWithLines(text: string, fileLabel: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems = document.errors.map((error) => {
    const line = error.linePos?.[0]?.line;
    return `${fileLabel}${line ? ` line ${line}` : ''}: ${error.message.split('\n')[0]}`;
  });
  const lineOf = (keyPath: PropertyKey[]): number | null => {
    // Walk up the path until a node with a position exists (a missing key has none; its parent does).
    for (let length = keyPath.length; length >= 0; length--) {
      const node = document.getIn(keyPath.slice(0, length) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return null;
  };
  return { value: problems.length ? undefined : document.toJS(), problems, lineOf };
}

export function formatPath(keyPath: PropertyKey[]): string {
  return keyPath
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** One message per zod issue; unrecognized keys name the key so a typo is obvious. */
export function formatZodIssues(
  error: z.ZodError,
  fileLabel: string,
  options: { lineOf?: (keyPath: PropertyKey[]) => number | null; prefix?: PropertyKey[] } = {},
): string[] {
  return error.issues.map((issue) => {
    const keyPath = [...(options.prefix ?? []), ...issue.path];
    const line = options.lineOf?.(keyPath) ?? null;
    const where = keyPath.length ? ` (${formatPath(keyPath)})` : '';
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling)`;
    } else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
      message = 'is required';
    }
    return `${fileLabel}${line ? ` line ${line}` : ''}${where}: ${message}`;
  });
}
