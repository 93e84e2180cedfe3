#!/usr/bin/env node
// `npm run build`: compiles the server, the CLI and the evaluators from TypeScript into dist/ (one
// .js file per source, ES modules, no bundling), so `sandbox` and `npm start` skip compiling at
// run time. It records every source's size and modification time in dist/manifest.json;
// bin/sandbox.js runs dist/ only while they all still match (compiled-dist.js).
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { DIST_DIR, MANIFEST, sourceStamp } from './compiled-dist.js';

const root = path.resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['server', 'evaluators'];
// Files that decide what the compiled code is, beside the sources themselves.
const BUILD_INPUTS = ['bin/build.js', 'bin/compiled-dist.js', 'tsconfig.json'];
// The pool member's entry registers tsx to run the sources; the compiled member needs no loader.
const POOL_ENTRY = 'server/models/inference-pool/pool-member-entry.js';
const COMPILED_POOL_ENTRY = `// Written by bin/build.js: a compiled pool member starts straight from the compiled process module.
await import('./pool-member-process.js');
`;

function listFiles(dir) {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(relative);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

async function main() {
  const started = performance.now();
  const sources = SOURCE_DIRS.flatMap(listFiles).sort();
  // Stamps first: a source edited while the build runs then reads as stale, never as fresh.
  const stamps = Object.fromEntries([...sources, ...BUILD_INPUTS].map((file) => [file, sourceStamp(path.join(root, file))]));
  const staging = path.join(root, `${DIST_DIR}.building-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: sources.filter((file) => file.endsWith('.ts')),
    outdir: staging,
    outbase: root,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  for (const file of sources.filter((name) => name.endsWith('.js'))) {
    const target = path.join(staging, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (file === POOL_ENTRY) fs.writeFileSync(target, COMPILED_POOL_ENTRY);
    else fs.copyFileSync(path.join(root, file), target);
  }
  fs.writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify({ builtAt: new Date().toISOString(), sources: stamps }, null, 1)}\n`);
  // Swap the finished copy in whole, so a `sandbox` starting meanwhile never sees half of one.
  const dist = path.join(root, DIST_DIR);
  fs.rmSync(dist, { recursive: true, force: true });
  fs.renameSync(staging, dist);
  console.log(`Built ${sources.length} files into ${DIST_DIR}/ in ${Math.round(performance.now() - started)} ms`);
}

await main();
