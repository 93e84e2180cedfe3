// Staff view of model health: the same states as the start-up table and /readyz, with the advice
// students never see. Polled, because a breaker opens and closes on its own while the page is open.
import { useEffect } from 'react';
import type { StaffModelHealth } from '../../../server/core/api.js';
import { endpoints } from '../api/endpoints.js';
import { ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages-en.js';
import { useAsync } from '../lib/use-async.js';

const REFRESH_MS = 15_000;

export function ModelHealthPanel() {
  const { t } = useI18n();
  const health = useAsync((signal) => endpoints.staffModels(signal), []);
  const { reload } = health;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return (
    <section className="panel" aria-labelledby="model-health-title">
      <h2 id="model-health-title" className="panel-title">
        {t('staff.models.title')}
      </h2>
      <p className="muted small">{t('staff.models.intro')}</p>
      {health.error ? <ErrorBox error={health.error} onRetry={reload} /> : null}
      {health.data ? <ModelHealthTable rows={health.data.models} /> : !health.error ? <Loading /> : null}
    </section>
  );
}

function ModelHealthTable({ rows }: { rows: StaffModelHealth[] }) {
  const { t } = useI18n();
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">{t('staff.models.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('staff.models.model')}</th>
            <th scope="col">{t('staff.models.state')}</th>
            <th scope="col">{t('staff.models.checked')}</th>
            <th scope="col">{t('staff.models.advice')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-model-state={row.state}>
              <th scope="row">
                {row.label} <span className="muted small">{row.id}</span>
              </th>
              <td>
                <span className={`badge ${row.available ? 'good' : 'bad'}`}>{t(`staff.models.state.${row.state}` as MessageKey)}</span>
              </td>
              <td>{row.checkedAt ? new Date(row.checkedAt).toLocaleTimeString() : '–'}</td>
              <td className="small">{row.advice ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
