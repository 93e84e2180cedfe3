// The task's README beside the playground, with the facts that decide the grade.
import { percentDigits } from '../../../server/shared/percent-digits.js';
import type { PublicTask } from '../../../server/core/api.js';
import { useI18n } from '../i18n/i18n.js';
import { Markdown } from './markdown.js';

export function TaskDescription({ task }: { task: PublicTask }) {
  const { t, number, percent } = useI18n();
  return (
    <aside className="task-description" aria-label={t('task.description')}>
      {/* Open beside the editor on wide screens; on a phone it would push the editor far down. */}
      <details open={window.matchMedia('(min-width: 761px)').matches}>
        <summary>{t('task.description')}</summary>
        <Markdown source={task.description} headingOffset={2} />
        <dl className="facts compact">
          <div>
            <dt>{t('task.metric')}</dt>
            <dd>{task.metric.aggregate}</dd>
          </div>
          <div>
            <dt>{t('task.points')}</dt>
            <dd>
              {t('task.pointsPolicy', {
                max: number(task.points.max, 1),
                baseline: percent(task.points.baseline, percentDigits(task.points.baseline)),
                target: percent(task.points.target, percentDigits(task.points.target)),
              })}
            </dd>
          </div>
          <div>
            <dt>{t('task.cases')}</dt>
            <dd>{t('task.casesValue', { dev: task.dev.length, test: task.testCount })}</dd>
          </div>
          <div>
            <dt>{t('task.evaluators')}</dt>
            <dd>{task.evaluators.map((e) => e.name).join(', ')}</dd>
          </div>
        </dl>
      </details>
    </aside>
  );
}
