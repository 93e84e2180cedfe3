// Whether the compiled copy in dist/ (written by bin/build.js) may run: only while every source it
// was built from is exactly as it was then (same size and modification time, none deleted), so an
// edited, pulled or touched source always runs from the TypeScript itself. Plain JavaScript: it
// runs before any loader, and bin/build.js writes the manifest it reads.
import fs from 'node:fs';
import path from 'node:path';

export const DIST_DIR = 'dist';
export const MANIFEST = 'manifest.json';

/** A source file's identity as the manifest records it. */
export function sourceStamp(file) {
  const stat = fs.statSync(file);
  return { mtimeMs: stat.mtimeMs, size: stat.size };
}

/** The compiled file for `entry` (a path relative to the root, e.g. server/cli/main.js), or null when dist/ is missing or stale. */
export function freshCompiledFile(root, entry) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(root, DIST_DIR, MANIFEST), 'utf8'));
  } catch {
    return null;
  }
  for (const [file, recorded] of Object.entries(manifest.sources ?? {})) {
    let now;
    try {
      now = sourceStamp(path.join(root, file));
    } catch {
      return null;
    }
    if (now.mtimeMs !== recorded.mtimeMs || now.size !== recorded.size) return null;
  }
  const compiled = path.join(root, DIST_DIR, entry);
  return fs.existsSync(compiled) ? compiled : null;
}
