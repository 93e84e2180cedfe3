// Model usage across the course: requests, tokens, cache hits, failures, cost and latency.
import type { StaffUsageResponse } from '../../../server/core/api.js';
import { Empty } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';

export function UsageByModel({ rows }: { rows: StaffUsageResponse['byModel'] }) {
  const { t, number } = useI18n();
  if (rows.length === 0) return <Empty>{t('staff.noUsage')}</Empty>;
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">{t('staff.usageByModel')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('program.model')}</th>
            <th scope="col" className="numeric">
              {t('usage.requests')}
            </th>
            <th scope="col" className="numeric">
              {t('staff.promptTokens')}
            </th>
            <th scope="col" className="numeric">
              {t('staff.completionTokens')}
            </th>
            <th scope="col" className="numeric">
              {t('staff.cacheHits')}
            </th>
            <th scope="col" className="numeric">
              {t('staff.failedCalls')}
            </th>
            <th scope="col" className="numeric">
              {t('staff.cost')}
            </th>
            <th scope="col" className="numeric">
              {t('staff.latency')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.model}>
              <th scope="row">{row.model}</th>
              <td className="numeric">{number(row.requests, 0)}</td>
              <td className="numeric">{number(row.promptTokens, 0)}</td>
              <td className="numeric">{number(row.completionTokens, 0)}</td>
              <td className="numeric">{number(row.cacheHits, 0)}</td>
              <td className="numeric">{number(row.failed, 0)}</td>
              <td className="numeric">${number(row.costUsd, 4)}</td>
              <td className="numeric">{row.meanLatencyMs === null ? '–' : t('run.latencyValue', { ms: number(row.meanLatencyMs, 0) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
