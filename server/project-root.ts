// The checkout's root folder (where package.json is), found from this file's own place, so paths
// to web/dist or the packaged grader are right both from the sources (server/) and from the
// compiled copy (dist/server/, written by bin/build.js), which sit at different depths.
import fs from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '..');
  }
}

export const projectRoot = findRoot(import.meta.dirname);
