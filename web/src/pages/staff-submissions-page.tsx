// The staff grading desk: bulk re-grade of a task, the grading queue (polled), and every
// submission with filters, sorting and pages done by the server. Filters live in the URL.
import { useCallback } from 'react';
import { filterQuery, staffDesk, type SubmissionsFilter } from '../api/staff-desk-endpoints.js';
import { endpoints } from '../api/endpoints.js';
import { Empty, ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import { Link, navigate, useLocation } from '../router/router.js';
import { BulkRegrade } from '../staff/bulk-regrade.js';
import { GradingQueue } from '../staff/grading-queue.js';
import { Pager } from '../staff/pager.js';
import { SubmissionFilters } from '../staff/submission-filters.js';
import { SubmissionsTable } from '../staff/submissions-table.js';

const PAGE_SIZE = 50;

/** The filter in the page's query string; the server validates it again (a bad value is a 400 shown as an error). */
function filterOf(query: URLSearchParams): SubmissionsFilter {
  const get = (key: string) => query.get(key) || undefined;
  const page = Number(query.get('page') ?? '1');
  return {
    taskId: get('taskId'),
    userId: get('userId'),
    status: get('status') as SubmissionsFilter['status'],
    from: get('from'),
    to: get('to'),
    late: get('late') as SubmissionsFilter['late'],
    sort: get('sort') as SubmissionsFilter['sort'],
    order: get('order') as SubmissionsFilter['order'],
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function StaffSubmissionsPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('staff.submissions'));
  const query = useLocation().query;
  const key = query.toString();
  const filter = filterOf(query);
  const tasks = useAsync(async (signal) => (await endpoints.assignments(locale, signal)).assignments.flatMap((a) => a.tasks), [locale]);
  const students = useAsync(async (signal) => (await endpoints.students(signal)).students.map((s) => s.user), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query string is the filter
  const submissions = useAsync((signal) => staffDesk.submissions({ ...filter, pageSize: PAGE_SIZE }, signal), [key]);
  const reload = submissions.reload;
  const onRegradeProgress = useCallback(() => reload(), [reload]);
  const setFilter = (next: SubmissionsFilter) =>
    navigate(`/staff/submissions${filterQuery({ ...next, page: next.page === 1 ? undefined : next.page })}`, { replace: true });
  const taskList = (tasks.data ?? []).map((task) => ({ taskId: task.taskId, title: task.title }));
  const data = submissions.data;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link to="/staff">{t('staff.title')}</Link>
          </p>
          <h1>{t('staff.submissions')}</h1>
        </div>
      </div>
      {tasks.data ? <BulkRegrade tasks={taskList} initialTaskId={filter.taskId ?? null} onProgress={onRegradeProgress} /> : null}
      <GradingQueue />
      <section className="panel" aria-labelledby="list-title">
        <h2 id="list-title" className="panel-title">
          {t('desk.list.title')}
        </h2>
        <SubmissionFilters filter={filter} tasks={taskList} students={students.data ?? []} onChange={setFilter} />
        {submissions.error ? <ErrorBox error={submissions.error} onRetry={submissions.reload} /> : null}
        {!data && !submissions.error ? <Loading /> : null}
        {data?.submissions.length === 0 ? <Empty>{t('staff.noSubmissions')}</Empty> : null}
        {data && data.submissions.length > 0 ? (
          <>
            <SubmissionsTable submissions={data.submissions} students={data.students} />
            <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={(page) => setFilter({ ...filter, page })} />
          </>
        ) : null}
      </section>
    </>
  );
}
