// Token export for a mail merge. Tokens are stored only as hashes, so an export issues new tokens:
// the confirmation says that the old ones stop working. The CSV is offered once (download or copy);
// after leaving the page it cannot be shown again.
import { useMemo, useState } from 'react';
import type { StudentSummary } from '../../../server/core/api.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { staffDesk } from '../api/staff-desk-endpoints.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';

export function TokenExport({ students, onChanged }: { students: StudentSummary[]; onChanged: () => void }) {
  const { t } = useI18n();
  const roster = useMemo(() => students.filter((s) => s.user.role === 'student'), [students]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [csv, setCsv] = useState<{ text: string; url: string; count: number } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const withoutToken = roster.filter((s) => !s.tokenActive).length;

  const run = async (body: { userIds: string[] } | { withoutActiveToken: true }, count: number) => {
    if (count === 0 || !window.confirm(t('desk.tokens.confirm', { count }))) return;
    setError(null);
    try {
      const text = await staffDesk.exportTokens(body);
      if (csv) URL.revokeObjectURL(csv.url);
      setCsv({ text, url: URL.createObjectURL(new Blob([text], { type: 'text/csv' })), count: text.trim().split(/\r?\n/).length - 1 });
      setSelected(new Set());
      onChanged();
    } catch (failure) {
      setError(asApiError(failure));
    }
  };
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section className="panel" aria-labelledby="token-export-title" data-testid="token-export">
      <h2 id="token-export-title" className="panel-title">
        {t('desk.tokens.title')}
      </h2>
      <p className="help">{t('desk.tokens.help')}</p>
      <details>
        <summary>{t('desk.tokens.choose', { count: selected.size })}</summary>
        <div className="checks">
          {roster.map((student) => (
            <label key={student.user.id} className="checkbox">
              <input type="checkbox" checked={selected.has(student.user.id)} onChange={() => toggle(student.user.id)} /> {student.user.name} &lt;
              {student.user.email}&gt;
            </label>
          ))}
        </div>
      </details>
      <div className="actions">
        <button type="button" className="button secondary" disabled={selected.size === 0} onClick={() => void run({ userIds: [...selected] }, selected.size)}>
          {t('desk.tokens.selected', { count: selected.size })}
        </button>
        <button type="button" className="button secondary" disabled={withoutToken === 0} onClick={() => void run({ withoutActiveToken: true }, withoutToken)}>
          {t('desk.tokens.missing', { count: withoutToken })}
        </button>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {csv ? (
        <div role="status">
          <p className="warn-box">{t('desk.tokens.once', { count: csv.count })}</p>
          <a className="button primary" href={csv.url} download="tokens.csv" data-testid="tokens-csv">
            {t('desk.tokens.download')}
          </a>
          <textarea className="mono" readOnly rows={Math.min(10, csv.count + 1)} value={csv.text} aria-label={t('desk.tokens.title')} />
        </div>
      ) : null}
    </section>
  );
}
