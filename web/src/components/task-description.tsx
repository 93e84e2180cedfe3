// The task's README beside the playground, in the student's language (or in English with an
// "English only" mark), with the facts that decide the grade.
import { percentDigits } from '../../../server/shared/percent-digits.js';
import type { PublicTask } from '../../../server/core/api.js';
import { useI18n } from '../i18n/i18n.js';
import { ContentLanguageMark } from './content-language-mark.js';
import { Markdown } from './markdown.js';

export function TaskDescription({ task }: { task: PublicTask }) {
  const { t, number, percent } = useI18n();
  return (
    <aside className="task-description" aria-label={t('task.description')}>
      {/* Open beside the editor on wide screens; on a phone it would push the editor far down. */}
      <details open={window.matchMedia('(min-width: 761px)').matches}>
        <summary>
          {t('task.description')} <ContentLanguageMark contentLocale={task.descriptionLocale} />
        </summary>
        <div lang={task.descriptionLocale} data-testid="task-description-text">
          <Markdown source={task.description} headingOffset={2} />
        </div>
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
          {task.fields.labels ? (
            <div>
              <dt>{t('task.labels')}</dt>
              <dd>{task.fields.labels.map((label) => labelText(label, task.fields.labelNames)).join(', ')}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('task.evaluators')}</dt>
            <dd>{task.evaluators.map((e) => e.name).join(', ')}</dd>
          </div>
        </dl>
      </details>
    </aside>
  );
}

/** A label as graded, with its display name in the student's language when staff gave one. */
function labelText(label: string, names: Record<string, string> | undefined): string {
  const name = names?.[label];
  return name && name !== label ? `${name} (${label})` : label;
}
