// A study submission (several programs compared on the same cases): the comparison table, the
// completeness checks and the written reflection collected for the staff.
import type { StudyReport } from '../../../server/core/grade-report.js';
import { useI18n } from '../i18n/i18n.js';

export function StudySummary({ study }: { study: StudyReport }) {
  const { t, number, percent } = useI18n();
  return (
    <section className="panel" aria-labelledby="study-title">
      <h2 id="study-title" className="panel-title">
        {t('study.title')}
      </h2>
      <div className="table-scroll">
        <table>
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
            </tr>
          </thead>
          <tbody>
            {study.variants.map((variant) => (
              <tr key={variant.name}>
                <th scope="row">
                  {variant.name} {variant.name === study.bestVariant ? <span className="badge good">{t('study.best')}</span> : null}
                </th>
                <td>{variant.model}</td>
                <td className="numeric">{variant.metric === null ? t('cases.unscored') : percent(variant.metric)}</td>
                <td className="numeric">{variant.counts ? t('metric.correctValue', { correct: variant.counts.correct, total: variant.counts.total }) : (variant.error ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('study.completeness', { score: percent(study.completeness.score, 0) })}</h3>
      <ul className="checks">
        {study.completeness.checks.map((check) => (
          <li key={check.name} className={check.passed ? 'good' : 'bad'}>
            <span aria-hidden="true">{check.passed ? '✓' : '✗'}</span> <span className="visually-hidden">{check.passed ? t('cases.passedOne') : t('cases.failedOne')}</span> {check.message}
          </li>
        ))}
      </ul>
      <h3>{t('study.reflection', { words: number(study.reflectionWords, 0) })}</h3>
      <p className="pre-wrap reflection">{study.reflection || t('study.noReflection')}</p>
    </section>
  );
}
