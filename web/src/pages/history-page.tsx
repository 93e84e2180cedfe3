// A student's submissions for one task, newest first, each with its report and a way back into
// the playground with that program (or, for a study, into Compare with its variants).
import { endpoints } from '../api/endpoints.js';
import { StatusBadge } from '../components/status-badge.js';
import { Empty, ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { usePolicyText } from '../components/deadline-notice.js';
import { LatenessCell, PointsCell } from '../components/lateness.js';
import { reopenPath } from '../lib/reopen-path.js';
import { useAsync } from '../lib/use-async.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import type { RouteParams } from '../router/match-route.js';
import { Link } from '../router/router.js';

export function HistoryPage({ params }: { params: RouteParams }) {
  const taskId = params.taskId!;
  const { t, date, percent, locale } = useI18n();
  const data = useAsync(
    async (signal) => {
      const [{ task }, { submissions }, { assignments }] = await Promise.all([
        endpoints.task(taskId, locale, signal),
        endpoints.submissions(taskId, signal),
        endpoints.assignments(locale, signal),
      ]);
      // The submission that sets the grade under the task's "which counts" rule, and that rule.
      const entry = assignments.flatMap((a) => a.tasks).find((item) => item.taskId === taskId) ?? null;
      return { task, entry, submissions: [...submissions].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) };
    },
    [taskId, locale],
  );
  const title = data.data?.task.title ?? taskId;
  const countingId = data.data?.entry?.grade?.submissionId ?? null;
  const policy = usePolicyText();
  // Every submission of a study task is a study (the server refuses single programs there).
  const study = Boolean(data.data?.task.study);
  useDocumentTitle(t('history.title', { task: title }));
  return (
    <>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link to="/">{t('nav.home')}</Link> / <Link to={`/tasks/${taskId}`}>{title}</Link>
          </p>
          <h1>{t('history.title', { task: title })}</h1>
        </div>
        <Link className="button secondary" to={`/tasks/${taskId}`}>
          {t('history.backToPlayground')}
        </Link>
      </div>
      {data.error ? <ErrorBox error={data.error} onRetry={data.reload} /> : null}
      {!data.data && !data.error ? <Loading /> : null}
      {data.data?.submissions.length === 0 ? <Empty>{t('history.none')}</Empty> : null}
      {data.data?.entry?.deadline.due ? <p className="muted">{policy(data.data.entry.deadline)}</p> : null}
      {data.data && data.data.submissions.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('history.title', { task: title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.date')}</th>
                <th scope="col">{t('program.model')}</th>
                <th scope="col">{t('history.status')}</th>
                <th scope="col" className="numeric">
                  {t('metric.points')}
                </th>
                <th scope="col" className="numeric">
                  {t('history.metric')}
                </th>
                <th scope="col">{t('deadline.column')}</th>
                <th scope="col">{t('history.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.data.submissions.map((submission) => (
                <tr key={submission.id}>
                  <td>{date(submission.createdAt)}</td>
                  <td>{submission.model}</td>
                  <td>
                    <StatusBadge status={submission.status} />
                    {submission.id === countingId ? (
                      <span className="badge" title={t('history.countsTitle')} data-testid="counts-badge">
                        {t('history.counts')}
                      </span>
                    ) : null}
                    {submission.failureKind ? (
                      <span className="muted"> {t(submission.failureKind === 'program' ? 'failure.program' : 'failure.infrastructure')}</span>
                    ) : null}
                  </td>
                  <td className="numeric">
                    <PointsCell submission={submission} />
                  </td>
                  <td className="numeric">{submission.metric === null ? '–' : percent(submission.metric)}</td>
                  <td>
                    <LatenessCell submission={submission} />
                  </td>
                  <td>
                    <div className="actions">
                      <Link to={`/submissions/${submission.id}`}>{t('history.report')}</Link>
                      <Link to={reopenPath(taskId, submission.id, study)}>{study ? t('report.reopenStudy') : t('report.reopen')}</Link>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
