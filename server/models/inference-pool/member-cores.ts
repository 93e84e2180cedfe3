// Which cores each pool member may run on. onnxruntime-node 1.14 (bundled with transformers.js
// 2.17) gives every session a thread pool as large as the machine, and transformers.js 2.17 cannot
// pass it `intraOpNumThreads`; so N members on N cores would each try to use every core and contend
// (measured: a second member lowered throughput; bench/README.md, surge). Starting member i under
// `taskset` with its own share of the cores gives the same effect as `cores / size` threads per
// member, through the operating system rather than the library. One member keeps every core.
import { spawnSync } from 'node:child_process';

/** The cores of member slot `slot` (0-based) in a pool of `size` on `cores` cores; null: no restriction. */
export function memberCores(slot: number, size: number, cores: number): number[] | null {
  if (size <= 1 || cores <= 1) return null;
  if (size >= cores) return [slot % cores];
  const share = Math.floor(cores / size);
  const first = slot * share;
  // The last member takes the cores left over by the division.
  const last = slot === size - 1 ? cores - 1 : first + share - 1;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** The `taskset` command (util-linux) when it is there and works; null elsewhere (macOS, Windows, minimal images). */
export function findTaskset(): string | null {
  if (process.platform !== 'linux') return null;
  const probe = spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore', timeout: 2_000 });
  return probe.status === 0 ? 'taskset' : null;
}
