// Loading, empty and error states, used by every page so they look and read the same.
import type { ReactNode } from 'react';
import type { ApiError } from '../api/api-error.js';
import { errorHint } from '../lib/error-hint.js';
import { useI18n } from '../i18n/i18n.js';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function ErrorBox({ error, title, onRetry }: { error: ApiError; title?: string; onRetry?: () => void }) {
  const { t, said } = useI18n();
  // The server's sentences in the student's language when it said them by code, else its English.
  const message = error.status === 0 ? t('error.network') : said(error.said, error.message);
  return (
    <div className="error-box" role="alert">
      <strong>{title ?? t('error.title')}</strong>
      <p className="error-message">
        {message}
        {error.status > 0 ? <span className="muted"> ({error.status})</span> : null}
      </p>
      <p className="error-hint">{t(errorHint(error))}</p>
      {onRetry ? (
        <button type="button" className="button secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
