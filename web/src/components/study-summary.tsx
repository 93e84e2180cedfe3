// A study submission (several programs compared on the same cases): the comparison of the variants
// on the hidden cases (best marked), each completeness check with its outcome, and the written
// reflection, shown read-only: the staff read it, nothing scores it automatically.
import type { StudyReport } from '../../../server/core/grade-report.js';
import type { PublicStudyConfig } from '../../../server/core/api.js';
import { useI18n } from '../i18n/i18n.js';

export function StudySummary({ study, config }: { study: StudyReport; config: PublicStudyConfig | null }) {
  const { t, number, percent, said } = useI18n();
  return (
    <section className="panel study-summary" aria-labelledby="study-title" data-testid="study-summary">
      <h2 id="study-title" className="panel-title">
        {t('study.title')}
      </h2>
      <p className="help">{t('study.tableHelp')}</p>
      <div className="table-scroll">
        <table data-testid="study-table">
          <caption className="visually-hidden">{t('study.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('study.variant')}</th>
              <th scope="col">{t('program.model')}</th>
              <th scope="col" className="numeric">
                {t('study.metric')}
              </th>
              <th scope="col" className="numeric">
                {t('metric.correct')}
              </th>
              <th scope="col" className="numeric">
                {t('metric.errored')}
              </th>
            </tr>
          </thead>
          <tbody>
            {study.variants.map((variant) => (
              <tr key={variant.name} className={variant.name === study.bestVariant ? 'best' : undefined}>
                <th scope="row">
                  {variant.name} {variant.name === study.bestVariant ? <span className="badge good">{t('study.best')}</span> : null}
                </th>
                <td>{variant.model}</td>
                {variant.counts ? (
                  <>
                    <td className="numeric">{variant.metric === null ? t('cases.unscored') : percent(variant.metric)}</td>
                    <td className="numeric">{t('metric.correctValue', { correct: variant.counts.correct, total: variant.counts.total })}</td>
                    <td className={`numeric ${variant.counts.errored ? 'warn' : ''}`}>{variant.counts.errored}</td>
                  </>
                ) : (
                  <td colSpan={3} className="error-text">
                    {t('study.variantFailed', { error: variant.error ?? t('report.failedUnknown') })}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="subsection-title">{t('study.completeness', { score: percent(study.completeness.score, 0) })}</h3>
      {config ? <p className="help">{t('study.completenessShare', { share: percent(config.completenessWeight, 0) })}</p> : null}
      <ul className="checks" data-testid="study-checks">
        {study.completeness.checks.map((check) => (
          <li key={check.name} className={check.passed ? 'good' : 'bad'}>
            <span aria-hidden="true">{check.passed ? '✓' : '✗'}</span>{' '}
            <span className="visually-hidden">{check.passed ? t('cases.passedOne') : t('cases.failedOne')}: </span>
            {said(check.said ? [check.said] : undefined, check.message)}
          </li>
        ))}
      </ul>
      <h3 className="subsection-title">{t('study.reflection')}</h3>
      <p className="help" data-testid="reflection-words">
        {config?.reflection.required
          ? t('study.reflectionWordsMin', { words: number(study.reflectionWords, 0), min: config.reflection.minWords })
          : t('study.reflectionWords', { words: number(study.reflectionWords, 0) })}{' '}
        {t('study.reflectionStaff')}
      </p>
      <blockquote className="pre-wrap reflection">{study.reflection || <em className="muted">{t('study.noReflection')}</em>}</blockquote>
    </section>
  );
}
