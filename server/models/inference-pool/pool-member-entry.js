// The file each pool member process starts with. The sandbox runs TypeScript through tsx, and a
// child process does not inherit the parent's loader hooks, so the member registers tsx itself
// before importing its TypeScript. Plain JavaScript so that it starts the same way whether the
// parent runs under `node bin/sandbox.js`, vitest or `tsx` (benchmarks).
import { register } from 'tsx/esm/api';

register();
await import('./pool-member-process.ts');
