// English / 中文, each label in its own language so it is findable whatever the UI language is.
import type { Locale } from '../../../server/core/api.js';
import { LOCALES, useI18n } from '../i18n/i18n.js';
import { useSession } from '../session/session.js';

const NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '中文' };

export function LanguageSwitch() {
  const { t, locale } = useI18n();
  const { setLocale } = useSession();
  return (
    <div className="language-switch" role="group" aria-label={t('nav.language')}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className={option === locale ? 'active' : ''}
          aria-pressed={option === locale}
          onClick={() => void setLocale(option).catch(() => undefined)}
        >
          {NAMES[option]}
        </button>
      ))}
    </div>
  );
}
