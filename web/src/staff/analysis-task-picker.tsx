// The task chooser of the analysis pages: the assignment's tasks; the choice lives in the address
// (?taskId=...), so a page can be bookmarked or sent to another TA.
import { endpoints } from '../api/endpoints.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';

export function AnalysisTaskPicker({ taskId, onChange }: { taskId: string | null; onChange: (taskId: string) => void }) {
  const { t, locale } = useI18n();
  const tasks = useAsync(async (signal) => (await endpoints.assignments(locale, signal)).assignments.flatMap((a) => a.tasks), [locale]);
  const list = tasks.data ?? [];
  return (
    <div className="inline-fields">
      <div className="field">
        <label htmlFor="analysis-task">{t('staff.task')}</label>
        <select id="analysis-task" value={taskId ?? ''} onChange={(event) => onChange(event.target.value)}>
          {taskId ? null : <option value="">—</option>}
          {list.map((task) => (
            <option key={task.taskId} value={task.taskId}>
              {task.title}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
