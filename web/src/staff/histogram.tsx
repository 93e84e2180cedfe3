// A grade distribution: one row per bin with a bar and its count, then the median and quartiles.
// A table, not a picture, so a screen reader reads the same numbers the eye sees.
import type { Distribution } from '../../../server/core/analysis-api.js';
import { useI18n } from '../i18n/i18n.js';

export function Histogram({ title, distribution, digits, testId }: { title: string; distribution: Distribution; digits: number; testId: string }) {
  const { t, number } = useI18n();
  const most = Math.max(1, ...distribution.bins.map((bin) => bin.count));
  const shown = (value: number | null) => (value === null ? '—' : number(value, digits));
  return (
    <figure className="histogram" data-testid={testId}>
      <figcaption>
        <strong>{title}</strong>
        <span className="muted">
          {' '}
          {t('analysis.items.quartiles', {
            median: shown(distribution.median),
            q1: shown(distribution.q1),
            q3: shown(distribution.q3),
            min: shown(distribution.min),
            max: shown(distribution.max),
          })}
        </span>
      </figcaption>
      <table>
        <thead className="visually-hidden">
          <tr>
            <th scope="col">{title}</th>
            <th scope="col">{t('analysis.items.count')}</th>
          </tr>
        </thead>
        <tbody>
          {distribution.bins.map((bin) => (
            <tr key={bin.from}>
              <th scope="row" className="numeric histogram-label">
                {t('analysis.items.bin', { from: number(bin.from, digits), to: number(bin.to, digits) })}
              </th>
              <td className="histogram-cell">
                <span className="histogram-bar" style={{ width: `${(bin.count / most) * 100}%` }} aria-hidden="true" />
                <span className="histogram-count">{bin.count}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
