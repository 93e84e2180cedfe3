// Students with their usage and token state; re-issue (shown once) or revoke a token (either ends
// the browser sessions made with the old one), or sign someone out of every browser.
import { useState } from 'react';
import type { StudentSummary } from '../../../server/core/api.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { endpoints } from '../api/endpoints.js';
import { CopyField } from '../components/copy-field.js';
import { Empty, ErrorBox } from '../components/status.js';
import { Link } from '../router/router.js';
import { useI18n } from '../i18n/i18n.js';

export function StudentsTable({ students, onChanged }: { students: StudentSummary[]; onChanged: () => void }) {
  const { t, number } = useI18n();
  const [issued, setIssued] = useState<{ userId: string; token: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const act = async (student: StudentSummary, action: 'reissue' | 'revoke' | 'endSessions') => {
    const name = student.user.name;
    const question =
      action === 'reissue'
        ? t('staff.confirmReissue', { name })
        : action === 'revoke'
          ? t('staff.confirmRevoke', { name })
          : t('staff.confirmEndSessions', { name });
    if (!window.confirm(question)) return;
    setError(null);
    setNotice(null);
    try {
      if (action === 'reissue') setIssued({ userId: student.user.id, token: (await endpoints.reissueToken(student.user.id)).token });
      else if (action === 'revoke') await endpoints.revokeToken(student.user.id);
      else setNotice(t('staff.sessionsEnded', { name, count: (await endpoints.endSessions(student.user.id)).ended }));
      onChanged();
    } catch (failure) {
      setError(asApiError(failure));
    }
  };
  if (students.length === 0) return <Empty>{t('staff.noStudents')}</Empty>;
  return (
    <>
      {error ? <ErrorBox error={error} /> : null}
      {notice ? (
        <p role="status" data-testid="students-notice">
          {notice}
        </p>
      ) : null}
      <div className="table-scroll">
        <table data-testid="students">
          <caption className="visually-hidden">{t('staff.students')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staff.name')}</th>
              <th scope="col">{t('staff.email')}</th>
              <th scope="col">{t('staff.section')}</th>
              <th scope="col">{t('staff.token')}</th>
              <th scope="col" className="numeric">
                {t('usage.tokens')}
              </th>
              <th scope="col" className="numeric">
                {t('usage.requests')}
              </th>
              <th scope="col" className="numeric">
                {t('staff.cost')}
              </th>
              <th scope="col" className="numeric">
                {t('staff.submissionCount')}
              </th>
              <th scope="col">{t('history.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {students.map((student) => (
              <tr key={student.user.id}>
                <td>
                  <Link to={`/staff/students/${student.user.id}`}>{student.user.name}</Link>{' '}
                  {student.user.role === 'staff' ? <span className="badge">{t('staff.role')}</span> : null}
                </td>
                <td>{student.user.email}</td>
                <td>{student.user.section ?? '–'}</td>
                <td>
                  {issued?.userId === student.user.id ? (
                    <CopyField value={issued.token} label={t('roster.tokenFor', { name: student.user.name })} />
                  ) : (
                    <span className={`badge ${student.tokenStatus === 'active' ? 'good' : student.tokenStatus === 'revoked' ? 'bad' : 'neutral'}`}>
                      {t(student.tokenStatus === 'active' ? 'staff.active' : student.tokenStatus === 'revoked' ? 'desk.student.revoked' : 'staff.revoked')}
                    </span>
                  )}
                </td>
                <td className="numeric">{number(student.tokensUsed, 0)}</td>
                <td className="numeric">{number(student.requests, 0)}</td>
                <td className="numeric">${number(student.costUsd, 4)}</td>
                <td className="numeric">{student.submissions}</td>
                <td>
                  <div className="actions">
                    <button type="button" className="button link" onClick={() => void act(student, 'reissue')}>
                      {t('staff.reissue')}
                    </button>
                    {student.tokenActive ? (
                      <button type="button" className="button link danger" onClick={() => void act(student, 'revoke')}>
                        {t('staff.revoke')}
                      </button>
                    ) : null}
                    <button type="button" className="button link" onClick={() => void act(student, 'endSessions')}>
                      {t('staff.endSessions')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
