// Class probabilities for one image, highest first; the expected class (for a dev image) is marked.
import type { ClassifyResponse } from '../../../server/core/api.js';
import { useI18n } from '../i18n/i18n.js';

export function ProbabilityBars({ result, expected }: { result: ClassifyResponse; expected: string | null }) {
  const { t, number } = useI18n();
  const rows = result.ranking.map((label) => ({ label, p: result.probabilities[label] ?? 0 }));
  return (
    <ol className="probability-bars" data-testid="probability-bars" aria-label={t('clip.probabilities')}>
      {rows.map(({ label, p }, index) => (
        <li key={label} className={index === 0 ? 'top' : ''}>
          <span className="bar-label">
            {label}
            {label === expected ? <span className="badge good">{t('clip.expected')}</span> : null}
          </span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${Math.max(0.5, p * 100)}%` }} />
          </span>
          <span className="bar-value">{number(p * 100, 1)}%</span>
        </li>
      ))}
    </ol>
  );
}
