// One person for staff: token state (active, revoked, never issued; when), usage, submissions and
// current drafts. Extensions of due dates are added to this page by the deadlines work (see the
// marked place below).
import { staffDesk } from '../api/staff-desk-endpoints.js';
import { Empty, ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import type { RouteParams } from '../router/match-route.js';
import { Link } from '../router/router.js';
import { SubmissionsTable } from '../staff/submissions-table.js';

export function StaffStudentPage({ params }: { params: RouteParams }) {
  const { t, date, number } = useI18n();
  const page = useAsync((signal) => staffDesk.student(params.id!, signal), [params.id]);
  useDocumentTitle(page.data?.user.name ?? t('staff.student'));
  if (page.error) return <ErrorBox error={page.error} onRetry={page.reload} />;
  if (!page.data) return <Loading />;
  const { user, token, usage, submissions, drafts } = page.data;
  const tokenText =
    token.status === 'active'
      ? t('desk.student.tokenActive', { date: date(token.issuedAt!) })
      : token.status === 'revoked'
        ? t('desk.student.tokenRevoked', { issued: date(token.issuedAt!), revoked: date(token.revokedAt!) })
        : t('desk.student.tokenNone');
  return (
    <>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link to="/staff">{t('staff.title')}</Link>
          </p>
          <h1>
            {user.name} {user.role === 'staff' ? <span className="badge">{t('staff.role')}</span> : null}
          </h1>
          <p className="muted">
            {user.email}
            {user.section ? ` · ${t('staff.section')} ${user.section}` : ''}
          </p>
        </div>
        <div className="actions">
          <Link className="button secondary" to={`/staff/submissions?userId=${encodeURIComponent(user.id)}`}>
            {t('staff.submissions')}
          </Link>
        </div>
      </div>
      <section className="panel" aria-labelledby="token-title">
        <h2 id="token-title" className="panel-title">
          {t('staff.token')}
        </h2>
        <p data-testid="token-status">
          <span className={`badge ${token.status === 'active' ? 'good' : 'neutral'}`}>
            {t(token.status === 'active' ? 'staff.active' : token.status === 'revoked' ? 'desk.student.revoked' : 'desk.student.none')}
          </span>{' '}
          {tokenText}
        </p>
      </section>
      <section className="panel" aria-labelledby="usage-title">
        <h2 id="usage-title" className="panel-title">
          {t('desk.student.usage')}
        </h2>
        <dl className="facts">
          <dt>{t('usage.tokens')}</dt>
          <dd>{number(usage.tokensUsed, 0)}</dd>
          <dt>{t('usage.requests')}</dt>
          <dd>{number(usage.requests, 0)}</dd>
          <dt>{t('staff.cacheHits')}</dt>
          <dd>{number(usage.cacheHits, 0)}</dd>
          <dt>{t('staff.failedCalls')}</dt>
          <dd>{number(usage.failed, 0)}</dd>
          <dt>{t('staff.cost')}</dt>
          <dd>${number(usage.costUsd, 4)}</dd>
          <dt>{t('desk.student.gradingTokens')}</dt>
          <dd>{number(usage.gradingTokens, 0)}</dd>
        </dl>
      </section>
      {/* Extensions (deadlines work): the person's extensions and the form to grant one go here. */}
      <section className="panel" aria-labelledby="student-submissions-title">
        <h2 id="student-submissions-title" className="panel-title">
          {t('staff.submissions')}
        </h2>
        {submissions.length === 0 ? (
          <Empty>{t('staff.noSubmissions')}</Empty>
        ) : (
          <SubmissionsTable
            submissions={submissions}
            students={{ [user.id]: { id: user.id, name: user.name, email: user.email, section: user.section } }}
            testId="student-submissions"
          />
        )}
      </section>
      <section className="panel" aria-labelledby="drafts-title">
        <h2 id="drafts-title" className="panel-title">
          {t('desk.student.drafts')}
        </h2>
        {drafts.length === 0 ? (
          <Empty>{t('desk.student.noDrafts')}</Empty>
        ) : (
          <ul data-testid="student-drafts">
            {drafts.map((draft) => (
              <li key={draft.taskId}>{t('desk.student.draft', { task: draft.taskId, date: date(draft.updatedAt) })}</li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
