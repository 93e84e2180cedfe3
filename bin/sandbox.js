#!/usr/bin/env node
// The package's `sandbox` command. It runs the compiled JavaScript in dist/ (`npm run build`) while
// that copy matches the sources it was built from, and otherwise the TypeScript sources through
// tsx, so editing a task, an evaluator or the server never needs a build step to take effect.
// SANDBOX_COMPILED=0 always runs the sources.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freshCompiledFile } from './compiled-dist.js';

const root = path.resolve(import.meta.dirname, '..');
const compiled = process.env.SANDBOX_COMPILED === '0' ? null : freshCompiledFile(root, 'server/cli/main.js');
if (compiled) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli/main.ts');
}
