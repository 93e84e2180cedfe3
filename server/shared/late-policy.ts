// Deadlines and the late policy: on time, in the grace period, late (how late, the penalty) or
// refused after the cutoff; raw vs final points; which submission counts. The server grades and
// records with it and the browser's submit dialog previews with it, so both say the same thing.
// Pure: no I/O, no imports (the browser bundle imports it).
//
// Times are ISO 8601 with an offset (parsed to epoch ms); time zones are used only for display
// (Intl.DateTimeFormat), since Temporal is not in Node 20. A late period is an elapsed 24 hours
// (or 1 hour), counted from due + grace in absolute time: across a daylight-saving change a "day"
// is still 24 hours, never the 23 or 25 hours between two local midnights, so two students who
// submit the same number of hours late always get the same penalty.

export type LatePolicy = { kind: 'none' } | { kind: 'per-day' | 'per-hour'; percent: number; cap: number };
export type CountsRule = 'best' | 'last' | 'best-before-due';

/** A task's deadline as the catalog resolves it (assignment defaults, then the task's own settings). */
export type Deadline = {
  /** ISO 8601 with offset, or null: no due date (always on time, never refused). */
  due: string | null;
  /** IANA zone the due date is shown in, e.g. America/Los_Angeles. */
  timeZone: string;
  graceMs: number;
  late: LatePolicy;
  /** ISO 8601 with offset, or null: late submissions are accepted forever. */
  cutoff: string | null;
  counts: CountsRule;
};

/** A staff-granted extension of one student on one task. */
export type ExtensionDates = { due: string; cutoff: string | null };

export type EffectiveDeadline = Deadline & { extended: boolean };

export type LateStatus = 'on-time' | 'grace' | 'late' | 'refused';

export type Lateness = {
  status: LateStatus;
  /** Milliseconds after the (effective) due date; 0 when on time or when there is no due date. */
  lateMs: number;
  /** Started late periods (days or hours) after due + grace; 0 unless late. */
  periods: number;
  /** Percent taken off the raw points (0..100). */
  penaltyPercent: number;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "30m", "2h", "3d" (also "90 min", "1 day") -> milliseconds; null when not a duration. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hours?|d|days?)\s*$/i.exec(text);
  if (!match) return null;
  const unit = match[2]!.toLowerCase()[0];
  return Math.round(Number(match[1]) * (unit === 'm' ? MINUTE : unit === 'h' ? HOUR : DAY));
}

/** An ISO timestamp with an offset ("2027-01-22T23:59:00-08:00") -> epoch ms; NaN when unreadable. */
export function toMs(iso: string): number {
  return Date.parse(iso);
}

/**
 * The student's deadline: an extension replaces the due date, and the cutoff when it gives one;
 * without one the late window is kept (the cutoff moves by as much as the due date did).
 */
export function effectiveDeadline(deadline: Deadline, extension: ExtensionDates | null): EffectiveDeadline {
  if (!extension) return { ...deadline, extended: false };
  let cutoff = extension.cutoff;
  if (cutoff === null && deadline.cutoff !== null) {
    const shift = deadline.due === null ? 0 : toMs(extension.due) - toMs(deadline.due);
    cutoff = new Date(Math.max(toMs(deadline.cutoff) + shift, toMs(extension.due))).toISOString();
  }
  return { ...deadline, due: extension.due, cutoff, extended: true };
}

export function penaltyPercent(policy: LatePolicy, periods: number): number {
  if (policy.kind === 'none' || periods <= 0) return 0;
  return Math.min(policy.cap, 100, periods * policy.percent);
}

/** Where a submission made at `atMs` stands against the deadline. */
export function lateness(deadline: Deadline, atMs: number): Lateness {
  if (deadline.cutoff !== null && atMs > toMs(deadline.cutoff)) {
    const lateMs = deadline.due === null ? 0 : Math.max(0, atMs - toMs(deadline.due));
    return { status: 'refused', lateMs, periods: 0, penaltyPercent: 0 };
  }
  if (deadline.due === null) return { status: 'on-time', lateMs: 0, periods: 0, penaltyPercent: 0 };
  const dueMs = toMs(deadline.due);
  if (atMs <= dueMs) return { status: 'on-time', lateMs: 0, periods: 0, penaltyPercent: 0 };
  const lateMs = atMs - dueMs;
  const afterGrace = lateMs - deadline.graceMs;
  if (afterGrace <= 0) return { status: 'grace', lateMs, periods: 0, penaltyPercent: 0 };
  const period = deadline.late.kind === 'per-hour' ? HOUR : DAY;
  // A started period counts: 1 ms past due + grace is one day late.
  const periods = Math.ceil(afterGrace / period);
  return { status: 'late', lateMs, periods, penaltyPercent: penaltyPercent(deadline.late, periods) };
}

/** Raw points less the penalty. Kept unrounded so that the sum of a class's grades is exact. */
export function finalPoints(rawPoints: number, penalty: number): number {
  return (rawPoints * (100 - penalty)) / 100;
}

/** What "which counts" needs of a submission. */
export type CountableSubmission = { status: string; createdAt: string; points: number | null; finalPoints: number | null; lateStatus: LateStatus | null };

/**
 * The submission that sets the task's grade, among a student's submissions of one task:
 * - best: the highest final points;
 * - last: the newest graded submission (Gradescope's active submission);
 * - best-before-due: the highest final points among those made by the due date (grace included);
 *   when there is none, the best late one, so that a student who only submitted late still gets
 *   their (penalised) points.
 * Only graded submissions count; ties go to the earlier submission.
 */
export function countingSubmission<T extends CountableSubmission>(submissions: readonly T[], rule: CountsRule): T | null {
  const graded = submissions.filter((s) => s.status === 'graded' && s.points !== null);
  if (graded.length === 0) return null;
  const oldestFirst = [...graded].sort((a, b) => toMs(a.createdAt) - toMs(b.createdAt));
  const final = (s: T) => s.finalPoints ?? s.points ?? 0;
  const best = (list: T[]) => list.reduce<T | null>((top, s) => (top === null || final(s) > final(top) ? s : top), null);
  if (rule === 'last') return oldestFirst[oldestFirst.length - 1]!;
  if (rule === 'best-before-due') {
    const onTime = oldestFirst.filter((s) => s.lateStatus === null || s.lateStatus === 'on-time' || s.lateStatus === 'grace');
    return best(onTime.length ? onTime : oldestFirst);
  }
  return best(oldestFirst);
}

/** The offset of a zone at an instant, in minutes east of UTC (-480 for Los Angeles in winter). */
export function zoneOffsetMinutes(atMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(atMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(atMs / 1000) * 1000) / MINUTE);
}

/** Whether Intl knows the zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A due date as students read it, in the course's zone with the zone's name: "Fri, Jan 22, 2027, 11:59 PM PST". */
export function formatInZone(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(toMs(iso)));
}

export type DurationUnits = { days: string; hours: string; minutes: string };
const ENGLISH_UNITS: DurationUnits = { days: 'd', hours: 'h', minutes: 'min' };

/** "2 d 3 h", "45 min": how late, for messages; the browser passes its language's unit names. */
export function formatLateness(lateMs: number, units: DurationUnits = ENGLISH_UNITS): string {
  const minutes = Math.ceil(lateMs / MINUTE);
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const rest = minutes % 60;
  if (days) return hours ? `${days} ${units.days} ${hours} ${units.hours}` : `${days} ${units.days}`;
  if (hours) return rest ? `${hours} ${units.hours} ${rest} ${units.minutes}` : `${hours} ${units.hours}`;
  return `${rest} ${units.minutes}`;
}
