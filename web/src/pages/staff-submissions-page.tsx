// Submissions per task for staff, each linking to its full report.
import { endpoints } from '../api/endpoints.js';
import { StatusBadge } from '../components/status-badge.js';
import { Empty, ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import { Link, navigate, useLocation } from '../router/router.js';

export function StaffSubmissionsPage() {
  const { t, date, number, percent } = useI18n();
  useDocumentTitle(t('staff.submissions'));
  const taskId = useLocation().query.get('taskId');
  const tasks = useAsync(async (signal) => (await endpoints.assignments(signal)).assignments.flatMap((a) => a.tasks), []);
  const students = useAsync(async (signal) => new Map((await endpoints.students(signal)).students.map((s) => [s.user.id, s.user])), []);
  const submissions = useAsync((signal) => endpoints.staffSubmissions(taskId, signal), [taskId]);
  const list = submissions.data ? [...submissions.data.submissions].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) : null;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link to="/staff">{t('staff.title')}</Link>
          </p>
          <h1>{t('staff.submissions')}</h1>
        </div>
        <div className="field">
          <label htmlFor="staff-task">{t('staff.task')}</label>
          <select id="staff-task" value={taskId ?? ''} onChange={(event) => navigate(event.target.value ? `/staff/submissions?taskId=${encodeURIComponent(event.target.value)}` : '/staff/submissions')}>
            <option value="">{t('staff.allTasks')}</option>
            {(tasks.data ?? []).map((task) => (
              <option key={task.taskId} value={task.taskId}>
                {task.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      {submissions.error ? <ErrorBox error={submissions.error} onRetry={submissions.reload} /> : null}
      {!list && !submissions.error ? <Loading /> : null}
      {list?.length === 0 ? <Empty>{t('staff.noSubmissions')}</Empty> : null}
      {list && list.length > 0 ? (
        <div className="table-scroll">
          <table data-testid="staff-submissions">
            <caption className="visually-hidden">{t('staff.submissions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.date')}</th>
                <th scope="col">{t('staff.student')}</th>
                <th scope="col">{t('staff.task')}</th>
                <th scope="col">{t('program.model')}</th>
                <th scope="col">{t('history.status')}</th>
                <th scope="col" className="numeric">{t('metric.points')}</th>
                <th scope="col" className="numeric">{t('history.metric')}</th>
                <th scope="col">{t('staff.failure')}</th>
                <th scope="col">{t('history.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((submission) => {
                const student = students.data?.get(submission.userId);
                return (
                  <tr key={submission.id}>
                    <td>{date(submission.createdAt)}</td>
                    <td>{student ? `${student.name} <${student.email}>` : submission.userId}</td>
                    <td>{submission.taskId}</td>
                    <td>{submission.model}</td>
                    <td>
                      <StatusBadge status={submission.status} />
                    </td>
                    <td className="numeric">{submission.points === null ? '–' : t('metric.pointsValue', { points: number(submission.points, 2), max: number(submission.maxPoints, 1) })}</td>
                    <td className="numeric">{submission.metric === null ? '–' : percent(submission.metric)}</td>
                    <td>
                      {submission.failureKind ? (
                        <>
                          <strong>{t(submission.failureKind === 'program' ? 'failure.program' : 'failure.infrastructure')}</strong>
                          {submission.failureReason ? <span className="muted">: {submission.failureReason}</span> : null}
                        </>
                      ) : (
                        '–'
                      )}
                    </td>
                    <td>
                      <Link to={`/staff/submissions/${submission.id}`}>{t('history.report')}</Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
