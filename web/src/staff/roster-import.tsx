// Roster import: paste or load a CSV (email,name[,section]); new students' tokens are shown once.
import { useState, type FormEvent } from 'react';
import type { RosterResponse } from '../../../server/core/api.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { endpoints } from '../api/endpoints.js';
import { CopyField } from '../components/copy-field.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';

export function RosterImport({ onImported }: { onImported: () => void }) {
  const { t } = useI18n();
  const [csv, setCsv] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<RosterResponse | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await endpoints.importRoster(csv));
      setCsv('');
      onImported();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="roster-title">
      <h2 id="roster-title" className="panel-title">
        {t('roster.title')}
      </h2>
      <form onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="roster-csv">{t('roster.csv')}</label>
          <textarea
            id="roster-csv"
            className="mono"
            rows={5}
            value={csv}
            onChange={(event) => setCsv(event.target.value)}
            placeholder={'email,name,section\nada@example.edu,Ada Lovelace,A'}
            aria-describedby="roster-help"
          />
          <p id="roster-help" className="help">
            {t('roster.help')}
          </p>
        </div>
        <div className="actions">
          <label className="button secondary small" htmlFor="roster-file">
            {t('roster.file')}
          </label>
          <input
            id="roster-file"
            type="file"
            accept=".csv,text/csv"
            className="visually-hidden"
            onChange={(event) => void event.target.files?.[0]?.text().then(setCsv)}
          />
          <button type="submit" className="button primary" disabled={busy || !csv.trim()}>
            {busy ? t('roster.busy') : t('roster.import')}
          </button>
        </div>
      </form>
      {error ? <ErrorBox error={error} title={t('roster.failed')} /> : null}
      {result ? (
        <div className="roster-result" role="status">
          <p>{t('roster.summary', { created: result.created.length, updated: result.updated.length, problems: result.problems.length })}</p>
          {result.problems.length ? (
            <ul className="problems">
              {result.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          ) : null}
          {result.created.length ? (
            <>
              <p className="warn-box">{t('roster.tokensOnce')}</p>
              <div className="table-scroll">
                <table data-testid="new-tokens">
                  <thead>
                    <tr>
                      <th scope="col">{t('staff.name')}</th>
                      <th scope="col">{t('staff.email')}</th>
                      <th scope="col">{t('roster.token')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.created.map((student) => (
                      <tr key={student.email}>
                        <td>{student.name}</td>
                        <td>{student.email}</td>
                        <td>
                          <CopyField value={student.token} label={t('roster.tokenFor', { name: student.name })} testId={`token-${student.email}`} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
