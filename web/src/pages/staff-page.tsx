// Staff home: roster import (tokens shown once), students with usage and tokens, token export,
// staff members, model health (with setup advice), model usage, and links to the grading desk (submissions) and the grades export.
import { endpoints, gradesCsvPath } from '../api/endpoints.js';
import { ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import { Link } from '../router/router.js';
import { ExtensionsPanel } from '../staff/extensions-panel.js';
import { ModelHealthPanel } from '../staff/model-health-panel.js';
import { RosterImport } from '../staff/roster-import.js';
import { StaffMembers } from '../staff/staff-members.js';
import { TokenExport } from '../staff/token-export.js';
import { StudentsTable } from '../staff/students-table.js';
import { UsageByModel } from '../staff/usage-by-model.js';

export function StaffPage() {
  const { t } = useI18n();
  useDocumentTitle(t('staff.title'));
  const students = useAsync((signal) => endpoints.students(signal), []);
  const usage = useAsync((signal) => endpoints.staffUsage(signal), []);
  const refresh = () => {
    students.reload();
    usage.reload();
  };
  return (
    <>
      <div className="page-head">
        <h1>{t('staff.title')}</h1>
        <div className="actions">
          <Link className="button secondary" to="/staff/submissions">
            {t('staff.submissions')}
          </Link>
          <Link className="button secondary" to="/staff/items">
            {t('analysis.items.title')}
          </Link>
          <Link className="button secondary" to="/staff/similarity">
            {t('analysis.similarity.title')}
          </Link>
          <a className="button secondary" href={gradesCsvPath} download>
            {t('staff.gradesCsv')}
          </a>
        </div>
      </div>
      <ModelHealthPanel />
      <RosterImport onImported={refresh} />
      <section className="panel" aria-labelledby="students-title">
        <h2 id="students-title" className="panel-title">
          {t('staff.students')}
        </h2>
        {students.error ? <ErrorBox error={students.error} onRetry={students.reload} /> : null}
        {students.data ? <StudentsTable students={students.data.students} onChanged={refresh} /> : !students.error ? <Loading /> : null}
      </section>
      {students.data ? <TokenExport students={students.data.students} onChanged={refresh} /> : null}
      <StaffMembers onChanged={refresh} />
      {students.data ? <ExtensionsPanel students={students.data.students} /> : null}
      <section className="panel" aria-labelledby="usage-title">
        <h2 id="usage-title" className="panel-title">
          {t('staff.usageByModel')}
        </h2>
        {usage.error ? <ErrorBox error={usage.error} onRetry={usage.reload} /> : null}
        {usage.data ? <UsageByModel rows={usage.data.byModel} /> : !usage.error ? <Loading /> : null}
      </section>
    </>
  );
}
