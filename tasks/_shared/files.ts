// Writing generated task files the same way every time: one JSON object per line, keys in the
// order given, a final newline. Byte-stable output is what the reproduction test compares.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function toJsonl(rows: readonly Record<string, unknown>[]): string {
  return `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
}

export function writeFile(outDir: string, relative: string, content: string | Uint8Array): void {
  const file = path.join(outDir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** True when the module at `metaUrl` is the script node was started with (`npx tsx <file>`). */
export function isMain(metaUrl: string): boolean {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(metaUrl);
}

/** The folder of the module at `metaUrl`: a generator writes next to itself by default. */
export function folderOf(metaUrl: string): string {
  return path.dirname(fileURLToPath(metaUrl));
}

/** `case-007`: ids sort in file order. */
export function caseId(prefix: string, index: number): string {
  return `${prefix}-${String(index + 1).padStart(3, '0')}`;
}
