// Formats a duration in the current language (see lib/duration-parts.ts).
import { useI18n } from '../i18n/i18n.js';
import { durationParts } from '../lib/duration-parts.js';

export function useDuration(): (ms: number) => string {
  const { t } = useI18n();
  return (ms) => {
    const { unit, a, b } = durationParts(ms);
    if (unit === 'h-min') return t('desk.duration.hMin', { h: a, min: b });
    if (unit === 'min-s') return t('desk.duration.minS', { min: a, s: b });
    return t('desk.duration.s', { s: a });
  };
}
