// The assignment overview: every task with its points, the student's own due date (extension
// included, in the course's zone), the score that counts so far and today's
// submissions, and the student's remaining budget.
import type { AssignmentTaskSummary, UsageResponse } from '../../../server/core/api.js';
import { formatInZone } from '../../../server/shared/late-policy.js';
import { endpoints } from '../api/endpoints.js';
import { ContentLanguageMark } from '../components/content-language-mark.js';
import { Meter } from '../components/meter.js';
import { Empty, ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import { Link } from '../router/router.js';

export function HomePage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('home.title'));
  const assignments = useAsync((signal) => endpoints.assignments(locale, signal), [locale]);
  return (
    <>
      <h1>{t('home.title')}</h1>
      <UsagePanel />
      {assignments.loading && !assignments.data ? <Loading /> : null}
      {assignments.error ? <ErrorBox error={assignments.error} onRetry={assignments.reload} /> : null}
      {assignments.data?.assignments.length === 0 ? <Empty>{t('home.noAssignments')}</Empty> : null}
      {assignments.data?.assignments.map((assignment) => (
        <section key={assignment.id} className="assignment" aria-labelledby={`assignment-${assignment.id}`}>
          <h2 id={`assignment-${assignment.id}`}>{assignment.title}</h2>
          {assignment.description ? (
            <p className="muted" data-testid="assignment-description">
              <span lang={assignment.descriptionLocale}>{assignment.description}</span> <ContentLanguageMark contentLocale={assignment.descriptionLocale} />
            </p>
          ) : null}
          <ul className="task-cards">
            {assignment.tasks.map((task) => (
              <TaskCard key={task.taskId} task={task} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

function UsagePanel() {
  const { t, number } = useI18n();
  const usage = useAsync<UsageResponse | null>((signal) => endpoints.usage(signal).catch(() => null), []);
  const data = usage.data;
  if (!data) return null; // staff accounts and servers without budgets show no meter
  return (
    <section className="panel usage" aria-label={t('usage.title')}>
      <h2 className="panel-title">{t('usage.title')}</h2>
      <div className="meters">
        <Meter
          label={t('usage.tokens')}
          value={data.tokensUsed}
          max={data.tokenBudget}
          text={t('usage.of', { used: number(data.tokensUsed, 0), total: number(data.tokenBudget, 0) })}
        />
        <Meter
          label={t('usage.requests')}
          value={data.requestsUsed}
          max={data.requestBudget}
          text={t('usage.of', { used: number(data.requestsUsed, 0), total: number(data.requestBudget, 0) })}
        />
      </div>
      {data.costUsd > 0 ? <p className="muted small">{t('usage.cost', { cost: number(data.costUsd, 4) })}</p> : null}
    </section>
  );
}

/** The student's own due date (an extension included), in the course's zone with its name. */
function dueText(task: AssignmentTaskSummary, t: ReturnType<typeof useI18n>['t'], locale: string): { text: string; past: boolean } {
  const { due, timeZone, extended, cutoff } = task.deadline;
  if (!due) return { text: t('home.noDue'), past: false };
  const past = new Date(due).getTime() < Date.now();
  const parts = [t(past ? 'home.wasDue' : 'home.due', { date: formatInZone(due, timeZone, locale) })];
  if (extended) parts.push(t('deadline.extended'));
  if (cutoff) parts.push(t('deadline.closes', { date: formatInZone(cutoff, timeZone, locale) }));
  return { text: parts.join(' '), past };
}

function TaskCard({ task }: { task: AssignmentTaskSummary }) {
  const { t, number, locale } = useI18n();
  const due = dueText(task, t, locale);
  const grade = task.grade;
  const remaining = Math.max(0, task.submissionsPerDay - task.submissionsToday);
  return (
    <li className="task-card">
      <div className="task-card-head">
        <h3>
          <Link to={`/tasks/${task.taskId}`}>{task.title}</Link>
        </h3>
        <span className={`badge ${task.modality}`}>{t(task.modality === 'text' ? 'modality.text' : 'modality.imageText')}</span>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('home.points')}</dt>
          <dd>{number(task.points, 1)}</dd>
        </div>
        <div>
          <dt>{t('home.best')}</dt>
          <dd>
            {task.bestPoints === null ? t('home.noSubmission') : t('home.bestOf', { best: number(task.bestPoints, 2), max: number(task.points, 1) })}
            {grade && grade.penaltyPercent > 0 ? (
              <span className="muted small"> {t('deadline.rawVsFinal', { raw: number(grade.rawPoints, 2), penalty: number(grade.penaltyPercent, 1) })}</span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('home.dueLabel')}</dt>
          <dd className={due.past ? 'warn' : ''} data-testid="task-due">
            {due.text}
          </dd>
        </div>
        <div>
          <dt>{t('home.submissionsLeft')}</dt>
          <dd>{t('home.submissionsLeftValue', { left: remaining, perDay: task.submissionsPerDay })}</dd>
        </div>
      </dl>
      <div className="actions">
        <Link className="button primary" to={`/tasks/${task.taskId}`}>
          {t('home.open')}
        </Link>
        {task.modality === 'text' ? (
          <Link className="button secondary" to={`/tasks/${task.taskId}/compare`}>
            {t('home.compare')}
          </Link>
        ) : null}
        <Link className="button secondary" to={`/tasks/${task.taskId}/history`}>
          {t('home.history')}
        </Link>
      </div>
    </li>
  );
}
