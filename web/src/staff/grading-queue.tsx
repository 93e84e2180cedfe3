// The grading queue, polled every few seconds: what waits and for how long, what is being graded
// (for how long, how far), and the latest failures with their cause, so a stuck queue or a broken
// model shows at a glance; a submission the queue gave up on (dead-lettered) says so, with why.
import type { QueueEntry } from '../../../server/core/staff-desk-api.js';
import { staffDesk } from '../api/staff-desk-endpoints.js';
import { ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { Link } from '../router/router.js';
import { useDuration } from './use-duration.js';
import { usePolling } from './use-polling.js';

const POLL_MS = 3_000;

export function GradingQueue() {
  const { t, date } = useI18n();
  const duration = useDuration();
  const queue = useAsync((signal) => staffDesk.queue(signal), []);
  usePolling(queue.reload, POLL_MS);
  const data = queue.data;
  const who = (entry: QueueEntry) => <Link to={`/staff/students/${entry.student.id}`}>{entry.student.name}</Link>;
  return (
    <section className="panel" aria-labelledby="queue-title" data-testid="grading-queue">
      <h2 id="queue-title" className="panel-title">
        {t('desk.queue.title')}
      </h2>
      {queue.error && !data ? <ErrorBox error={queue.error} onRetry={queue.reload} /> : null}
      {!data && !queue.error ? <Loading /> : null}
      {data ? (
        <>
          <p className="help" aria-live="polite">
            {t('desk.queue.summary', { queued: data.queued.length, grading: data.grading.length, failed: data.failedTotal })}
          </p>
          {data.grading.length + data.queued.length > 0 ? (
            <div className="table-scroll">
              <table data-testid="queue-waiting">
                <caption className="visually-hidden">{t('desk.queue.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('history.status')}</th>
                    <th scope="col">{t('staff.student')}</th>
                    <th scope="col">{t('staff.task')}</th>
                    <th scope="col">{t('desk.queue.waited')}</th>
                    <th scope="col">{t('desk.queue.running')}</th>
                    <th scope="col">{t('desk.queue.attempts')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...data.grading, ...data.queued].map((entry) => (
                    <tr key={entry.id}>
                      <td>
                        <Link to={`/staff/submissions/${entry.id}`}>{entry.status === 'grading' ? t('status.grading') : t('status.queued')}</Link>
                      </td>
                      <td>{who(entry)}</td>
                      <td>{entry.taskId}</td>
                      <td>{duration(entry.waitedMs)}</td>
                      <td>
                        {entry.runningMs === null ? '–' : duration(entry.runningMs)}
                        {entry.progress ? (
                          <span className="muted"> · {t('progress.count', { done: entry.progress.done, total: entry.progress.total })}</span>
                        ) : null}
                      </td>
                      <td>{entry.attempts}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="empty">{t('desk.queue.empty')}</p>
          )}
          {data.failed.length > 0 ? (
            <>
              <h3 className="subsection-title">{t('desk.queue.failed', { count: data.failedTotal })}</h3>
              <p>
                <Link to="/staff/submissions?status=failed">{t('desk.queue.allFailed')}</Link>
              </p>
              <div className="table-scroll">
                <table data-testid="queue-failed">
                  <caption className="visually-hidden">{t('desk.queue.failed', { count: data.failedTotal })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('history.date')}</th>
                      <th scope="col">{t('staff.student')}</th>
                      <th scope="col">{t('staff.task')}</th>
                      <th scope="col">{t('staff.failure')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.failed.map((entry) => (
                      <tr key={entry.id} className="failed">
                        <td>
                          <Link to={`/staff/submissions/${entry.id}`}>{date(entry.gradedAt ?? entry.createdAt)}</Link>
                        </td>
                        <td>{who(entry)}</td>
                        <td>{entry.taskId}</td>
                        <td>
                          <strong>
                            {entry.failureKind ? t(entry.failureKind === 'program' ? 'failure.program' : 'failure.infrastructure') : t('status.failed')}
                          </strong>
                          <span className="muted">: {entry.failureReason ?? entry.error ?? ''}</span>
                          {entry.deadLetter ? (
                            <div data-testid="dead-letter">
                              <strong>{t('desk.queue.deadLetter')}</strong>
                              <span className="muted">: {entry.deadLetter.reason}</span>
                            </div>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
