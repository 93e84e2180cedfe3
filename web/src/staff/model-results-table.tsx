// How the counted programs did per model: every model the task allows (and any no longer allowed
// that a counted program still used), with the number of programs, mean metric and median points.
import type { ModelItem } from '../../../server/core/analysis-api.js';
import { useI18n } from '../i18n/i18n.js';

export function ModelResultsTable({ models }: { models: ModelItem[] }) {
  const { t, number } = useI18n();
  return (
    <div className="table-scroll">
      <table data-testid="item-models">
        <caption className="visually-hidden">{t('analysis.models.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('analysis.models.model')}</th>
            <th scope="col" className="numeric">
              {t('analysis.models.programs')}
            </th>
            <th scope="col" className="numeric">
              {t('analysis.models.meanMetric')}
            </th>
            <th scope="col" className="numeric">
              {t('analysis.models.medianPoints')}
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr key={model.model}>
              <th scope="row">
                {model.model}
                {model.allowed ? null : <span className="muted"> {t('analysis.models.notAllowed')}</span>}
              </th>
              <td className="numeric">{model.programs}</td>
              <td className="numeric">{model.meanMetric === null ? '—' : number(model.meanMetric, 3)}</td>
              <td className="numeric">{model.medianPoints === null ? '—' : number(model.medianPoints, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
