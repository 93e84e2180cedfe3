// Staff: grant a student an extension on a task (new due date, optional cutoff and note), see the
// extensions in force, revoke one, and read the audit (who changed what, when). The student's
// submit dialog and home page follow at their next load; recorded lateness is recomputed at once.
import { useState } from 'react';
import type { AssignmentTaskSummary, StudentSummary } from '../../../server/core/api.js';
import { formatInZone } from '../../../server/shared/late-policy.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { endpoints } from '../api/endpoints.js';
import { Empty, ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';

export function ExtensionsPanel({ students }: { students: StudentSummary[] }) {
  const { t, locale, date } = useI18n();
  const list = useAsync((signal) => endpoints.extensions(signal), []);
  const tasks = useAsync(async (signal) => (await endpoints.assignments(locale, signal)).assignments.flatMap((a) => a.tasks), [locale]);
  const [userId, setUserId] = useState('');
  const [taskId, setTaskId] = useState('');
  const [due, setDue] = useState('');
  const [cutoff, setCutoff] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const learners = students.filter((s) => s.user.role === 'student');
  const taskOf = (id: string): AssignmentTaskSummary | undefined => tasks.data?.find((task) => task.taskId === id);
  const zoneOf = (id: string) => taskOf(id)?.deadline.timeZone ?? 'UTC';

  const chooseTask = (id: string) => {
    setTaskId(id);
    // Start from the task's own due date: staff usually move it by a few days.
    if (!due) setDue(taskOf(id)?.deadline.due ?? '');
  };
  const grant = async () => {
    setBusy(true);
    setError(null);
    try {
      await endpoints.grantExtension({ userId, taskId, due: due.trim(), cutoff: cutoff.trim() || null, note: note.trim() || null });
      setNote('');
      list.reload();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (extension: { userId: string; taskId: string; name: string }) => {
    if (!window.confirm(t('extensions.confirmRevoke', { name: extension.name, task: extension.taskId }))) return;
    setError(null);
    try {
      await endpoints.revokeExtension(extension.userId, extension.taskId);
      list.reload();
    } catch (failure) {
      setError(asApiError(failure));
    }
  };

  return (
    <section className="panel" aria-labelledby="extensions-title" data-testid="extensions-panel">
      <h2 id="extensions-title" className="panel-title">
        {t('extensions.title')}
      </h2>
      <p className="help">{t('extensions.help')}</p>
      <form
        className="extension-form"
        onSubmit={(event) => {
          event.preventDefault();
          void grant();
        }}
      >
        <label>
          {t('extensions.student')}
          <select value={userId} onChange={(event) => setUserId(event.target.value)} required data-testid="extension-student">
            <option value="">{t('extensions.choose')}</option>
            {learners.map((s) => (
              <option key={s.user.id} value={s.user.id}>
                {s.user.name} ({s.user.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('extensions.task')}
          <select value={taskId} onChange={(event) => chooseTask(event.target.value)} required data-testid="extension-task">
            <option value="">{t('extensions.choose')}</option>
            {tasks.data?.map((task) => (
              <option key={task.taskId} value={task.taskId}>
                {task.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('extensions.due')}
          <input value={due} onChange={(event) => setDue(event.target.value)} placeholder="2027-01-25T23:59:00-08:00" required data-testid="extension-due" />
        </label>
        <label>
          {t('extensions.cutoff')}
          <input
            value={cutoff}
            onChange={(event) => setCutoff(event.target.value)}
            placeholder={t('extensions.cutoffPlaceholder')}
            data-testid="extension-cutoff"
          />
        </label>
        <label>
          {t('extensions.note')}
          <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={500} data-testid="extension-note" />
        </label>
        <p className="help small">{t('extensions.dateHelp')}</p>
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || !userId || !taskId || !due.trim()} data-testid="extension-grant">
            {t('extensions.grant')}
          </button>
        </div>
      </form>
      {error ? <ErrorBox error={error} title={t('extensions.failed')} /> : null}
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading /> : null}
      {list.data && list.data.extensions.length === 0 ? <Empty>{t('extensions.none')}</Empty> : null}
      {list.data && list.data.extensions.length > 0 ? (
        <div className="table-scroll">
          <table data-testid="extensions">
            <caption className="visually-hidden">{t('extensions.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('extensions.student')}</th>
                <th scope="col">{t('extensions.task')}</th>
                <th scope="col">{t('extensions.due')}</th>
                <th scope="col">{t('extensions.cutoff')}</th>
                <th scope="col">{t('extensions.note')}</th>
                <th scope="col">{t('extensions.grantedBy')}</th>
                <th scope="col">{t('history.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.extensions.map((e) => (
                <tr key={`${e.userId}/${e.taskId}`}>
                  <td>
                    {e.name} <span className="muted small">{e.email}</span>
                  </td>
                  <td>{e.taskId}</td>
                  <td>{formatInZone(e.due, zoneOf(e.taskId), locale)}</td>
                  <td>{e.cutoff ? formatInZone(e.cutoff, zoneOf(e.taskId), locale) : t('extensions.windowKept')}</td>
                  <td>{e.note ?? ''}</td>
                  <td>
                    {e.grantedBy} <span className="muted small">{date(e.grantedAt)}</span>
                  </td>
                  <td>
                    <button type="button" className="button secondary small" onClick={() => void revoke(e)}>
                      {t('extensions.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.data && list.data.audit.length > 0 ? (
        <details>
          <summary>{t('extensions.audit', { count: list.data.audit.length })}</summary>
          <ul className="audit" data-testid="extensions-audit">
            {[...list.data.audit].reverse().map((entry, index) => (
              <li key={index}>
                {t(entry.action === 'grant' ? 'extensions.auditGrant' : 'extensions.auditRevoke', {
                  at: date(entry.at),
                  actor: entry.actor,
                  email: entry.email,
                  task: entry.taskId,
                  due: entry.due ? formatInZone(entry.due, zoneOf(entry.taskId), locale) : '',
                })}
                {entry.note ? ` (${entry.note})` : ''}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
