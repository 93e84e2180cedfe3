// Determinate progress with the count in words (the native <progress> is announced by screen readers).
import { useI18n } from '../i18n/i18n.js';

export function ProgressBar({ done: reported, total, errored, label }: { done: number; total: number; errored?: number; label: string }) {
  const { t } = useI18n();
  // Never "80 / 76": a count past the total (a study's grading can report one) reads as full.
  const done = total > 0 ? Math.min(reported, total) : reported;
  return (
    <div className="progress">
      <div className="progress-label">
        <span>{label}</span>
        <span className="muted">
          {t('progress.count', { done, total })}
          {errored ? ` · ${t('progress.errored', { errored })}` : ''}
        </span>
      </div>
      <progress max={Math.max(total, 1)} value={done} aria-label={label} />
    </div>
  );
}
