// Numbers, percentages and dates written the way a reader of each locale expects, through Intl
// (so 1234.5 is "1,234.5" in both English and Chinese but dates differ: "Tue, Dec 1, 2026, 11:59 PM"
// against "2026年12月1日周二 23:59"). Dates always show the time zone they are read in, since a
// deadline's time zone is the course's, not necessarily the student's. Dates and durations are
// written by the late policy's helpers, so a deadline reads the same in every place.
import { formatInZone, formatLateness } from '../late-policy.js';

export type MessageLocale = 'en' | 'zh-CN';

export function formatNumber(value: number, locale: MessageLocale, digits = 2): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** `fraction` is 0..1: 0.125 is "12.5%". */
export function formatPercent(fraction: number, locale: MessageLocale, digits = 1): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(fraction);
}

/**
 * An ISO instant in `timeZone` (default UTC), with the zone named, as deadlines are written
 * everywhere (server/shared/late-policy.ts `formatInZone`); an unreadable one stays as given.
 */
export function formatDate(iso: string, locale: MessageLocale, timeZone = 'UTC'): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  return formatInZone(iso, timeZone, locale);
}

/** Milliseconds as the late policy writes them (rounded up to the minute): "1 d 5 h", "1 天 5 小时". */
export function formatDuration(ms: number, locale: MessageLocale): string {
  return formatLateness(Math.max(0, ms), locale === 'zh-CN' ? { days: '天', hours: '小时', minutes: '分钟' } : undefined);
}
