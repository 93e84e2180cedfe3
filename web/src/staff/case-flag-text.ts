// A case flag in the reader's language (the server sends the kind and its numbers, not words).
import type { CaseFlag } from '../../../server/core/analysis-api.js';
import type { I18n } from '../i18n/i18n.js';

export function caseFlagText(flag: CaseFlag, i18n: Pick<I18n, 't' | 'number'>): string {
  switch (flag.kind) {
    case 'nobody-right':
      return i18n.t('analysis.flag.nobody-right', { answered: flag.answered });
    case 'reference-wrong':
      return i18n.t('analysis.flag.reference-wrong');
    case 'negative-discrimination':
      return i18n.t('analysis.flag.negative-discrimination', { value: i18n.number(flag.discrimination, 2) });
    case 'dominant-confusion':
      return i18n.t('analysis.flag.dominant-confusion', { count: flag.count, answered: flag.answered, predicted: flag.predicted, expected: flag.expected });
  }
}
