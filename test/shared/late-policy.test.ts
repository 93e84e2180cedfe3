// The late-policy arithmetic both the server and the submit dialog use: grace, started days, the
// cap, the cutoff, extensions, a daylight-saving change, and which submission counts.
import { describe, expect, it } from 'vitest';
import {
  countingSubmission,
  effectiveDeadline,
  finalPoints,
  formatInZone,
  formatLateness,
  lateness,
  parseDuration,
  zoneOffsetMinutes,
  type CountableSubmission,
  type Deadline,
} from '../../server/shared/late-policy.js';

const HOUR = 3_600_000;
const DAY_MS = 24 * HOUR;
const due = '2027-01-22T23:59:00-08:00';
const dueMs = Date.parse(due);
const deadline: Deadline = {
  due,
  timeZone: 'America/Los_Angeles',
  graceMs: 15 * 60_000,
  late: { kind: 'per-day', percent: 10, cap: 50 },
  cutoff: '2027-01-29T23:59:00-08:00',
  counts: 'best',
};

describe('lateness', () => {
  it('is on time up to the due date, in the grace period up to due + grace, with no penalty', () => {
    expect(lateness(deadline, dueMs - 1)).toEqual({ status: 'on-time', lateMs: 0, periods: 0, penaltyPercent: 0 });
    expect(lateness(deadline, dueMs)).toMatchObject({ status: 'on-time' });
    expect(lateness(deadline, dueMs + 60_000)).toEqual({ status: 'grace', lateMs: 60_000, periods: 0, penaltyPercent: 0 });
    expect(lateness(deadline, dueMs + 15 * 60_000)).toMatchObject({ status: 'grace', penaltyPercent: 0 });
  });

  it('counts started days after due + grace: 1 ms past the grace is one day late', () => {
    const graceEnd = dueMs + 15 * 60_000;
    expect(lateness(deadline, graceEnd + 1)).toMatchObject({ status: 'late', periods: 1, penaltyPercent: 10 });
    expect(lateness(deadline, graceEnd + 24 * HOUR)).toMatchObject({ periods: 1, penaltyPercent: 10 });
    expect(lateness(deadline, graceEnd + 24 * HOUR + 1)).toMatchObject({ periods: 2, penaltyPercent: 20 });
    expect(lateness(deadline, graceEnd + 1).lateMs).toBe(15 * 60_000 + 1);
  });

  it('stops at the cap', () => {
    expect(lateness(deadline, dueMs + 4.5 * 24 * HOUR)).toMatchObject({ periods: 5, penaltyPercent: 50 });
    expect(lateness(deadline, dueMs + 6.5 * 24 * HOUR)).toMatchObject({ periods: 7, penaltyPercent: 50 });
    expect(lateness({ ...deadline, late: { kind: 'per-day', percent: 40, cap: 100 }, cutoff: null }, dueMs + 3.5 * 24 * HOUR)).toMatchObject({
      penaltyPercent: 100,
    });
  });

  it('per-hour policies count started hours; no policy flags late without a penalty', () => {
    expect(lateness({ ...deadline, graceMs: 0, late: { kind: 'per-hour', percent: 5, cap: 30 } }, dueMs + 2 * HOUR + 1)).toMatchObject({
      status: 'late',
      periods: 3,
      penaltyPercent: 15,
    });
    expect(lateness({ ...deadline, late: { kind: 'none' } }, dueMs + 2 * 24 * HOUR)).toMatchObject({ status: 'late', penaltyPercent: 0 });
  });

  it('refuses after the cutoff, and accepts at the cutoff itself', () => {
    const cutoffMs = Date.parse(deadline.cutoff!);
    expect(lateness(deadline, cutoffMs).status).toBe('late');
    expect(lateness(deadline, cutoffMs + 1)).toMatchObject({ status: 'refused', penaltyPercent: 0 });
  });

  it('without a due date everything is on time', () => {
    expect(lateness({ ...deadline, due: null, cutoff: null }, dueMs + 100 * 24 * HOUR)).toMatchObject({ status: 'on-time', penaltyPercent: 0 });
  });

  it('across a daylight-saving change a day is 24 hours, not a calendar day', () => {
    // Los Angeles springs forward on Sunday 2027-03-14 at 02:00 (PST -08:00 -> PDT -07:00).
    const spring: Deadline = { ...deadline, due: '2027-03-13T23:59:00-08:00', graceMs: 0, cutoff: null };
    expect(zoneOffsetMinutes(Date.parse('2027-03-13T23:59:00-08:00'), 'America/Los_Angeles')).toBe(-480);
    expect(zoneOffsetMinutes(Date.parse('2027-03-14T23:59:00-07:00'), 'America/Los_Angeles')).toBe(-420);
    // Same wall-clock time the next evening is only 23 hours later: still the first day.
    expect(lateness(spring, Date.parse('2027-03-14T23:59:00-07:00'))).toMatchObject({ periods: 1, lateMs: 23 * HOUR });
    // 24 h after the due date is 00:59 PDT on the 15th; a minute later starts day two.
    expect(lateness(spring, Date.parse('2027-03-15T00:59:00-07:00'))).toMatchObject({ periods: 1 });
    expect(lateness(spring, Date.parse('2027-03-15T01:00:00-07:00'))).toMatchObject({ periods: 2, penaltyPercent: 20 });
    // Shown with the zone the due date falls in, PST before the change and PDT after.
    expect(formatInZone(spring.due!, 'America/Los_Angeles', 'en-US')).toBe('Sat, Mar 13, 2027, 11:59 PM PST');
    expect(formatInZone('2027-03-14T23:59:00-07:00', 'America/Los_Angeles', 'en-US')).toBe('Sun, Mar 14, 2027, 11:59 PM PDT');
  });
});

describe('extensions', () => {
  it('replace the due date and the cutoff', () => {
    const extended = effectiveDeadline(deadline, { due: '2027-01-25T23:59:00-08:00', cutoff: '2027-02-05T23:59:00-08:00' });
    expect(extended).toMatchObject({ due: '2027-01-25T23:59:00-08:00', cutoff: '2027-02-05T23:59:00-08:00', extended: true, late: deadline.late });
    // A submission three days after the original due date is on time for this student.
    expect(lateness(extended, dueMs + 2 * 24 * HOUR).status).toBe('on-time');
    expect(lateness(deadline, dueMs + 2 * 24 * HOUR)).toMatchObject({ status: 'late', penaltyPercent: 20 });
  });

  it('without a cutoff keep the late window: the cutoff moves with the due date', () => {
    const extended = effectiveDeadline(deadline, { due: '2027-01-25T23:59:00-08:00', cutoff: null });
    expect(Date.parse(extended.cutoff!)).toBe(Date.parse('2027-02-01T23:59:00-08:00'));
    expect(effectiveDeadline({ ...deadline, cutoff: null }, { due: '2027-01-25T23:59:00-08:00', cutoff: null }).cutoff).toBeNull();
    expect(effectiveDeadline(deadline, null)).toEqual({ ...deadline, extended: false });
  });
});

describe('points', () => {
  it('final points are raw points less the penalty', () => {
    expect(finalPoints(8, 20)).toBeCloseTo(6.4);
    expect(finalPoints(8, 0)).toBe(8);
    expect(finalPoints(8, 100)).toBe(0);
  });

  it('says how late in days and hours, or hours and minutes, in the given units', () => {
    expect(formatLateness(DAY_MS + 5 * HOUR)).toBe('1 d 5 h');
    expect(formatLateness(2 * DAY_MS)).toBe('2 d');
    expect(formatLateness(90 * 60_000)).toBe('1 h 30 min');
    // A started minute counts, like a started day.
    expect(formatLateness(1)).toBe('1 min');
    expect(formatLateness(DAY_MS + 5 * HOUR, { days: '天', hours: '小时', minutes: '分钟' })).toBe('1 天 5 小时');
  });

  it('parses durations', () => {
    expect(parseDuration('15m')).toBe(15 * 60_000);
    expect(parseDuration('2h')).toBe(2 * HOUR);
    expect(parseDuration('3d')).toBe(72 * HOUR);
    expect(parseDuration('1 day')).toBe(24 * HOUR);
    expect(parseDuration('soon')).toBeNull();
  });
});

describe('which submission counts', () => {
  const s = (id: string, createdAt: string, points: number | null, penalty: number, lateStatus: CountableSubmission['lateStatus'], status = 'graded') => ({
    id,
    status,
    createdAt,
    points,
    finalPoints: points === null ? null : finalPoints(points, penalty),
    lateStatus,
  });
  const early = s('early', '2027-01-20T10:00:00Z', 6, 0, 'on-time');
  const grace = s('grace', '2027-01-23T08:05:00Z', 7, 0, 'grace');
  const lateBig = s('late-big', '2027-01-25T10:00:00Z', 10, 30, 'late'); // final 7
  const lateBest = s('late-best', '2027-01-24T10:00:00Z', 9, 10, 'late'); // final 8.1
  const failed = s('failed', '2027-01-26T10:00:00Z', null, 0, 'late', 'failed');
  const all = [lateBig, early, failed, lateBest, grace];

  it('best: the highest final points (not raw)', () => {
    expect(countingSubmission(all, 'best')?.id).toBe('late-best');
  });

  it('last: the newest graded one', () => {
    expect(countingSubmission(all, 'last')?.id).toBe('late-big');
  });

  it('best-before-due: the best made by due + grace; the best late one when there is none', () => {
    expect(countingSubmission(all, 'best-before-due')?.id).toBe('grace');
    expect(countingSubmission([lateBig, lateBest], 'best-before-due')?.id).toBe('late-best');
  });

  it('nothing graded, nothing counts; ties go to the earlier submission', () => {
    expect(countingSubmission([failed], 'best')).toBeNull();
    const again = s('again', '2027-01-21T10:00:00Z', 6, 0, 'on-time');
    expect(countingSubmission([again, early], 'best')?.id).toBe('early');
  });
});
