// The pre-submit checklist: the grader's completeness checks previewed in the browser (clearly a
// preview: the report decides), then what would make the server refuse the study outright.
import { useI18n } from '../i18n/i18n.js';
import type { Blocker, ChecklistItem } from '../lib/study-checklist.js';
import type { VariantProblems } from './use-variant-problems.js';

export function StudyChecklist({ items, blockers, problems }: { items: ChecklistItem[]; blockers: Blocker[]; problems: VariantProblems }) {
  const { t, said } = useI18n();
  const failing = items.filter((item) => !item.passed).length;
  return (
    <div className="study-checklist">
      <h3 id="study-checklist-title">{t('checklist.title')}</h3>
      <p className="help">{t('checklist.preview')}</p>
      <ul className="checks" aria-labelledby="study-checklist-title" data-testid="study-checklist">
        {items.map((item) => (
          <li key={item.name} className={item.passed ? 'good' : 'bad'}>
            <span aria-hidden="true">{item.passed ? '✓' : '✗'}</span>{' '}
            <span className="visually-hidden">{item.passed ? t('cases.passedOne') : t('cases.failedOne')}: </span>
            {said([item.said], item.name)}
          </li>
        ))}
        <li className="pending">
          <span aria-hidden="true">…</span> {t('checklist.runs')}
        </li>
      </ul>
      <p className={failing ? 'warn' : 'muted small'} role="status">
        {failing ? t('checklist.failing', { count: failing, total: items.length }) : t('checklist.allPass')}
      </p>
      {problems.status === 'checking' ? <p className="muted small">{t('checklist.checking')}</p> : null}
      {problems.status === 'error' ? (
        <p className="warn small">{t('checklist.checkFailed', { error: said(problems.error.said, problems.error.message) })}</p>
      ) : null}
      {blockers.length > 0 || (problems.status === 'done' && problems.problems.length > 0) ? (
        <div className="error-box" role="alert">
          <strong>{t('checklist.blockedTitle')}</strong>
          <ul>
            {blockers.map((blocker, index) => (
              <li key={`b${index}`}>{t(blocker.key, blocker.params)}</li>
            ))}
            {problems.status === 'done'
              ? problems.problems.map((item, index) => <li key={`p${index}`}>{t('checklist.variantProblem', { name: item.name, problem: item.problem })}</li>)
              : null}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
