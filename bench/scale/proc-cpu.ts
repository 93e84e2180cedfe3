// CPU time of a process tree from /proc (Linux): the process, the children it has reaped (cutime,
// cstime) and its live descendants, so a worker's figure includes its inference-pool members and
// PostgreSQL's includes every backend. Read before and after a window; the difference is what the
// window cost in CPU, whatever the processes' threads did.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** ticks: the process and its reaped children; own: the process alone. */
type Stat = { ppid: number; ticks: number; own: number };

function readStat(pid: number): Stat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17.
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    return { ppid: Number(fields[1]), ticks: utime! + stime! + cutime! + cstime!, own: utime! + stime! };
  } catch {
    return null;
  }
}

function allStats(): Map<number, Stat> {
  const stats = new Map<number, Stat>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) stats.set(Number(name), stat);
  }
  return stats;
}

/** CPU milliseconds (user + system) of each tree rooted at `pids`, summed. */
export function treeCpuMs(pids: number[]): number {
  const stats = allStats();
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  let ticks = 0;
  const visit = (pid: number) => {
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const child of children.get(pid) ?? []) visit(child);
  };
  for (const pid of pids) visit(pid);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** CPU milliseconds of the processes `pids` alone (not their children: a worker without its pool members). */
export function ownCpuMs(pids: number[]): number {
  return (pids.reduce((sum, pid) => sum + (readStat(pid)?.own ?? 0), 0) * 1000) / TICKS_PER_SECOND;
}

/** The parent process id of `pid` (e.g. PostgreSQL's postmaster from a backend's pid). */
export function parentPid(pid: number): number {
  const stat = readStat(pid);
  if (!stat) throw new Error(`no process ${pid}`);
  return stat.ppid;
}
