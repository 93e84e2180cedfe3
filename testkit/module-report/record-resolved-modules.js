// Module-resolution hook (runs on Node's loader thread) for report-loaded-modules.js: appends each
// resolved URL, one a line, to the report file. CommonJS `require` calls made inside a CommonJS
// module do not pass through here, but the first import of a package from ESM does.
import { appendFileSync } from 'node:fs';

let reportFile = '';

export function initialize(data) {
  reportFile = data.file;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(reportFile, `${resolved.url}\n`);
  return resolved;
}
