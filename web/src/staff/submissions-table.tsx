// The staff list of submissions (one page of it): student, task, status, points, the cause of a
// failure, the re-grade that replaced an earlier result, a link to the full report.
import type { SubmissionSummary } from '../../../server/core/api.js';
import type { StudentRef } from '../../../server/core/staff-desk-api.js';
import { StatusBadge } from '../components/status-badge.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router/router.js';
import { RegradeNote } from '../components/regrade-note.js';

export function SubmissionsTable({
  submissions,
  students,
  testId = 'staff-submissions',
}: {
  submissions: SubmissionSummary[];
  students: Record<string, StudentRef>;
  testId?: string;
}) {
  const { t, date, number, percent } = useI18n();
  return (
    <div className="table-scroll">
      <table data-testid={testId}>
        <caption className="visually-hidden">{t('staff.submissions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('history.date')}</th>
            <th scope="col">{t('staff.student')}</th>
            <th scope="col">{t('staff.task')}</th>
            <th scope="col">{t('program.model')}</th>
            <th scope="col">{t('history.status')}</th>
            <th scope="col" className="numeric">
              {t('metric.points')}
            </th>
            <th scope="col" className="numeric">
              {t('history.metric')}
            </th>
            <th scope="col">{t('staff.failure')}</th>
            <th scope="col">{t('history.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {submissions.map((submission) => {
            const student = students[submission.userId];
            return (
              <tr key={submission.id} className={submission.status === 'failed' ? 'failed' : undefined}>
                <td>{date(submission.createdAt)}</td>
                <td>{student ? <Link to={`/staff/students/${submission.userId}`}>{`${student.name} <${student.email}>`}</Link> : submission.userId}</td>
                <td>{submission.taskId}</td>
                <td>{submission.model}</td>
                <td>
                  <StatusBadge status={submission.status} />
                </td>
                <td className="numeric">
                  {submission.points === null ? '–' : t('metric.pointsValue', { points: number(submission.points, 2), max: number(submission.maxPoints, 1) })}
                  <br />
                  <RegradeNote submission={submission} />
                </td>
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
  );
}
