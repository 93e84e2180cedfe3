// Filters and sort of the staff submissions list. They live in the page's URL (a filtered list can
// be bookmarked or shared with another TA); every change goes back to the first page.
import type { User } from '../../../server/core/api.js';
import type { StaffSubmissionSort } from '../../../server/core/staff-desk-api.js';
import type { SubmissionsFilter } from '../api/staff-desk-endpoints.js';
import { useI18n } from '../i18n/i18n.js';

type Props = { filter: SubmissionsFilter; tasks: { taskId: string; title: string }[]; students: User[]; onChange: (filter: SubmissionsFilter) => void };

const sorts: StaffSubmissionSort[] = ['createdAt', 'points', 'status', 'taskId', 'student'];

export function SubmissionFilters({ filter, tasks, students, onChange }: Props) {
  const { t } = useI18n();
  const set = (change: Partial<SubmissionsFilter>) => onChange({ ...filter, ...change, page: 1 });
  const sortLabels: Record<StaffSubmissionSort, string> = {
    createdAt: t('history.date'),
    points: t('metric.points'),
    status: t('history.status'),
    taskId: t('staff.task'),
    student: t('staff.student'),
  };
  return (
    <div className="inline-fields" data-testid="submission-filters">
      <div className="field">
        <label htmlFor="filter-task">{t('staff.task')}</label>
        <select id="filter-task" value={filter.taskId ?? ''} onChange={(event) => set({ taskId: event.target.value || undefined })}>
          <option value="">{t('staff.allTasks')}</option>
          {tasks.map((task) => (
            <option key={task.taskId} value={task.taskId}>
              {task.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-student">{t('staff.student')}</label>
        <select id="filter-student" value={filter.userId ?? ''} onChange={(event) => set({ userId: event.target.value || undefined })}>
          <option value="">{t('desk.filter.allStudents')}</option>
          {students.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name} &lt;{user.email}&gt;
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-status">{t('history.status')}</label>
        <select
          id="filter-status"
          value={filter.status ?? ''}
          onChange={(event) => set({ status: (event.target.value || undefined) as SubmissionsFilter['status'] })}
        >
          <option value="">{t('desk.filter.anyStatus')}</option>
          <option value="queued">{t('status.queued')}</option>
          <option value="grading">{t('status.grading')}</option>
          <option value="graded">{t('status.graded')}</option>
          <option value="failed">{t('status.failed')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-late">{t('deadline.column')}</label>
        <select id="filter-late" value={filter.late ?? ''} onChange={(event) => set({ late: (event.target.value || undefined) as SubmissionsFilter['late'] })}>
          <option value="">{t('desk.filter.anyLateness')}</option>
          <option value="on-time">{t('desk.filter.onTime')}</option>
          <option value="grace">{t('desk.filter.grace')}</option>
          <option value="late">{t('desk.filter.late')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-from">{t('desk.filter.from')}</label>
        <input id="filter-from" type="date" value={filter.from ?? ''} onChange={(event) => set({ from: event.target.value || undefined })} />
      </div>
      <div className="field">
        <label htmlFor="filter-to">{t('desk.filter.to')}</label>
        <input id="filter-to" type="date" value={filter.to ?? ''} onChange={(event) => set({ to: event.target.value || undefined })} />
      </div>
      <div className="field">
        <label htmlFor="filter-sort">{t('desk.filter.sort')}</label>
        <select id="filter-sort" value={filter.sort ?? 'createdAt'} onChange={(event) => set({ sort: event.target.value as StaffSubmissionSort })}>
          {sorts.map((sort) => (
            <option key={sort} value={sort}>
              {sortLabels[sort]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-order">{t('desk.filter.order')}</label>
        <select id="filter-order" value={filter.order ?? 'desc'} onChange={(event) => set({ order: event.target.value as 'asc' | 'desc' })}>
          <option value="desc">{t('desk.filter.desc')}</option>
          <option value="asc">{t('desk.filter.asc')}</option>
        </select>
      </div>
    </div>
  );
}
