// A task's deadline from its assignment file: the assignment's settings are defaults, the task
// entry overrides any of them; durations become milliseconds and a relative cutoff ("7d") an
// absolute one. Problems come back as messages with the key path, for the loader to place.
import type { Assignment, AssignmentTaskEntry } from '../core/task.js';
import { isTimeZone, parseDuration, toMs, zoneOffsetMinutes, type Deadline } from '../shared/late-policy.js';

export const NO_DEADLINE: Deadline = { due: null, timeZone: 'UTC', graceMs: 0, late: { kind: 'none' }, cutoff: null, counts: 'best' };

export type DeadlineProblem = { path: PropertyKey[]; message: string };

export function resolveDeadline(assignment: Assignment, index: number): { deadline: Deadline; problems: DeadlineProblem[] } {
  const entry: AssignmentTaskEntry = assignment.tasks[index]!;
  const problems: DeadlineProblem[] = [];
  // Where a setting came from, so a problem points at the line that set it.
  const from = (key: keyof AssignmentTaskEntry): PropertyKey[] => (entry[key] !== undefined ? ['tasks', index, key] : [key]);
  const pick = <K extends 'due' | 'timeZone' | 'grace' | 'late' | 'cutoff' | 'counts'>(key: K) => (entry[key] ?? assignment[key]) as AssignmentTaskEntry[K];

  const due = pick('due') ?? null;
  const timeZone = pick('timeZone') ?? 'UTC';
  if (!isTimeZone(timeZone))
    problems.push({ path: from('timeZone'), message: `"${timeZone}" is not a time zone; use an IANA name like America/Los_Angeles or Asia/Shanghai` });
  else if (due !== null && (entry.timeZone ?? assignment.timeZone) !== undefined) {
    // A due date written with the winter offset in summer (or the reverse) is a day-light saving slip.
    const offset = zoneOffsetMinutes(toMs(due), timeZone);
    const written = offsetOf(due);
    if (written !== null && written !== offset) {
      problems.push({
        path: from('due'),
        message: `${due} has offset ${formatOffset(written)} but ${timeZone} is at ${formatOffset(offset)} on that date (daylight saving time?); write ${formatOffset(offset)}`,
      });
    }
  }
  const graceMs = parseDuration(pick('grace') ?? '0m') ?? 0;
  const late = pick('late') ?? { kind: 'none' as const };
  let cutoff: string | null = null;
  const cutoffSetting = pick('cutoff');
  if (cutoffSetting !== undefined) {
    const relative = parseDuration(cutoffSetting);
    if (due === null) problems.push({ path: from('cutoff'), message: 'a cutoff needs a due date' });
    else if (relative !== null) cutoff = new Date(toMs(due) + relative).toISOString();
    else cutoff = cutoffSetting;
    if (due !== null && cutoff !== null && toMs(cutoff) < toMs(due) + graceMs) {
      problems.push({ path: from('cutoff'), message: `the cutoff ${cutoffSetting} is before the due date plus the grace period` });
    }
  }
  if (due === null && late.kind !== 'none' && entry.late !== undefined) problems.push({ path: from('late'), message: 'a late policy needs a due date' });
  return { deadline: { due, timeZone, graceMs, late, cutoff, counts: pick('counts') ?? 'best' }, problems };
}

function offsetOf(iso: string): number | null {
  if (/Z$/i.test(iso)) return 0;
  const match = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  if (!match) return null;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
