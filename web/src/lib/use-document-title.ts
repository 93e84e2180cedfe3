import { useEffect } from 'react';
import { useI18n } from '../i18n/i18n.js';

/** Each page names itself in the tab and for screen readers announcing navigation. */
export function useDocumentTitle(title: string): void {
  const { t } = useI18n();
  const app = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}
