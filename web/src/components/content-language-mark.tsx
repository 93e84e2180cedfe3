// The small "English only" mark beside staff-written text (a task description, the assignment's
// introduction) that the server sent in English because the student's language has no version.
import type { Locale } from '../../../server/core/api.js';
import { useI18n } from '../i18n/i18n.js';

export function ContentLanguageMark({ contentLocale }: { contentLocale: Locale }) {
  const { t, locale } = useI18n();
  if (contentLocale === locale) return null;
  return (
    <span className="badge content-language-mark" title={t('content.englishOnlyHint')} data-testid="english-only">
      {t('content.englishOnly')}
    </span>
  );
}
