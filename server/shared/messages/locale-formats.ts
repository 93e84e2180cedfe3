// Numbers, percentages and dates written the way a reader of each locale expects, through Intl
// (so 1234.5 is "1,234.5" in both English and Chinese but dates differ: "Dec 1, 2026, 11:59 PM"
// against "2026年12月1日 23:59"). Dates always show the time zone they are read in, since a
// deadline's time zone is the course's, not necessarily the student's.

export type MessageLocale = 'en' | 'zh-CN';

export function formatNumber(value: number, locale: MessageLocale, digits = 2): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** `fraction` is 0..1: 0.125 is "12.5%". */
export function formatPercent(fraction: number, locale: MessageLocale, digits = 1): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(fraction);
}

/** An ISO instant in `timeZone` (default UTC), with the zone named; an unreadable one stays as given. */
export function formatDate(iso: string, locale: MessageLocale, timeZone = 'UTC'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: locale === 'zh-CN' ? 'long' : 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  };
  return new Intl.DateTimeFormat(locale, { ...options, hourCycle: locale === 'zh-CN' ? 'h23' : 'h12', timeZone, timeZoneName: 'short' }).format(date);
}

/** Milliseconds as days, hours and minutes (rounded up to the minute): "1 d 2 h 5 min", "1天2小时5分钟". */
export function formatDuration(ms: number, locale: MessageLocale): string {
  const minutes = Math.max(0, Math.ceil(ms / 60_000));
  const parts: [number, string, string][] = [
    [Math.floor(minutes / 1440), 'd', '天'],
    [Math.floor((minutes % 1440) / 60), 'h', '小时'],
    [minutes % 60, 'min', '分钟'],
  ];
  const shown = parts.filter(([n], i) => n > 0 || (i === 2 && minutes === 0));
  return shown.map(([n, en, zh]) => (locale === 'zh-CN' ? `${n}${zh}` : `${n} ${en}`)).join(locale === 'zh-CN' ? '' : ' ');
}
