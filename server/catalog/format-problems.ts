// Turns zod issues and YAML parse errors into the one-line, file-and-place messages staff need:
//   tasks/sentiment/task.yaml line 7 (points.target): target must be greater than baseline
import path from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
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
    const line = lineCounter.linePos(error.pos[0]).line;
    return `${fileLabel}${line ? ` line ${line}` : ''}: ${error.message.split('\n')[0]}`;
  });
  const lineOf = (keyPath: PropertyKey[]): number | null => {
    // Prefer the line of the key itself ("evaulators:"), then the value, then the nearest parent.
    const parent = keyPath.length ? document.getIn(keyPath.slice(0, -1) as unknown[], true) : document.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === keyPath[keyPath.length - 1]);
      const range = isScalar(pair?.key) ? pair.key.range : undefined;
      if (range) return lineCounter.linePos(range[0]).line;
    }
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
  return keyPath.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`)).join('');
}

/** One message per zod issue; unrecognized keys name the key so a typo is obvious. */
export function formatZodIssues(
  error: z.ZodError,
  fileLabel: string,
  options: { lineOf?: (keyPath: PropertyKey[]) => number | null; prefix?: PropertyKey[] } = {},
): string[] {
  return error.issues.map((issue) => {
    const keyPath = [...(options.prefix ?? []), ...issue.path];
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    // Point at the offending key itself; a missing key has no line, and its parent's would mislead
    // when the parent is the whole file.
    const lookup = issue.code === 'unrecognized_keys' ? [...keyPath, issue.keys[0]!] : keyPath;
    const line = missing && keyPath.length <= 1 ? null : (options.lineOf?.(lookup) ?? null);
    const where = keyPath.length ? ` (${formatPath(keyPath)})` : '';
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling)`;
    } else if (missing) {
      message = 'is required';
    }
    return `${fileLabel}${line ? ` line ${line}` : ''}${where}: ${message}`;
  });
}
