// Bulk re-grade of a task after fixing it (or an evaluator) and restarting the server: asks first,
// then follows the job by polling (it runs in the background, in the grading queue) and lists every
// student and submission whose points changed, old -> new.
import { useCallback, useState } from 'react';
import type { RegradeJob } from '../../../server/core/staff-desk-api.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { staffDesk } from '../api/staff-desk-endpoints.js';
import { ProgressBar } from '../components/progress-bar.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router/router.js';
import { usePolling } from './use-polling.js';

const POLL_MS = 1_000;

export function BulkRegrade({
  tasks,
  initialTaskId,
  onProgress,
}: {
  tasks: { taskId: string; title: string }[];
  initialTaskId: string | null;
  onProgress: () => void;
}) {
  const { t, number } = useI18n();
  const [taskId, setTaskId] = useState(initialTaskId ?? '');
  const [job, setJob] = useState<RegradeJob | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = taskId || tasks[0]?.taskId || '';
  const title = tasks.find((task) => task.taskId === chosen)?.title ?? chosen;
  const points = (value: number | null) => (value === null ? t('desk.regrade.none') : number(value, 2));

  const start = async () => {
    if (!chosen || !window.confirm(t('desk.regrade.confirm', { task: title }))) return;
    setBusy(true);
    setError(null);
    try {
      setJob((await staffDesk.startRegrade(chosen)).job);
      onProgress();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };
  const poll = useCallback(() => {
    if (!job) return;
    staffDesk.regradeJob(job.id).then(
      (answer) => {
        setJob(answer.job);
        if (answer.job.finished) onProgress();
      },
      (failure: unknown) => setError(asApiError(failure)),
    );
  }, [job, onProgress]);
  usePolling(poll, POLL_MS, job !== null && !job.finished);

  return (
    <section className="panel" aria-labelledby="bulk-regrade-title" data-testid="bulk-regrade">
      <h2 id="bulk-regrade-title" className="panel-title">
        {t('desk.regrade.title')}
      </h2>
      <p className="help">{t('desk.regrade.help')}</p>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="regrade-task">{t('staff.task')}</label>
          <select id="regrade-task" value={chosen} onChange={(event) => setTaskId(event.target.value)}>
            {tasks.map((task) => (
              <option key={task.taskId} value={task.taskId}>
                {task.title}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="button" className="button secondary" onClick={() => void start()} disabled={busy || !chosen || (job !== null && !job.finished)}>
            {t('desk.regrade.start')}
          </button>
        </div>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {job ? (
        <div aria-live="polite" data-testid="regrade-job">
          <ProgressBar label={job.finished ? t('desk.regrade.finished') : t('desk.regrade.running')} done={job.done} total={job.total} errored={job.failed} />
          {job.finished ? (
            job.changes.length === 0 ? (
              <p data-testid="regrade-unchanged">{t('desk.regrade.noChanges', { total: job.total })}</p>
            ) : (
              <>
                <p>{t('desk.regrade.changed', { students: job.students.length, submissions: job.changes.length, total: job.total })}</p>
                <div className="table-scroll">
                  <table data-testid="regrade-changes">
                    <caption className="visually-hidden">{t('desk.regrade.title')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('staff.student')}</th>
                        <th scope="col">{t('desk.regrade.submission')}</th>
                        <th scope="col" className="numeric">
                          {t('desk.regrade.old')}
                        </th>
                        <th scope="col" className="numeric">
                          {t('desk.regrade.new')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {job.changes.map((change) => (
                        <tr key={change.submissionId}>
                          <td>
                            <Link to={`/staff/students/${change.student.id}`}>{`${change.student.name} <${change.student.email}>`}</Link>
                          </td>
                          <td>
                            <Link to={`/staff/submissions/${change.submissionId}`}>{t('history.report')}</Link>
                          </td>
                          <td className="numeric">{points(change.oldPoints)}</td>
                          <td className="numeric">
                            <strong>{points(change.newPoints)}</strong>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
