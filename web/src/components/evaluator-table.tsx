// Per-evaluator breakdown of a report: mean score, cases fully right, cases it could not score.
import type { GradeReport } from '../../../server/core/grade-report.js';
import { useI18n } from '../i18n/i18n.js';

export function EvaluatorTable({ evaluators }: { evaluators: GradeReport['evaluators'] }) {
  const { t, number, percent } = useI18n();
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">{t('report.evaluators')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('report.evaluator')}</th>
            <th scope="col" className="numeric">
              {t('report.weight')}
            </th>
            <th scope="col" className="numeric">
              {t('report.mean')}
            </th>
            <th scope="col" className="numeric">
              {t('report.passed')}
            </th>
            <th scope="col" className="numeric">
              {t('report.unscorable')}
            </th>
          </tr>
        </thead>
        <tbody>
          {evaluators.map((evaluator) => (
            <tr key={evaluator.name}>
              <th scope="row">{evaluator.name}</th>
              <td className="numeric">{number(evaluator.weight, 2)}</td>
              <td className="numeric">{evaluator.mean === null ? t('cases.unscored') : percent(evaluator.mean)}</td>
              <td className="numeric">{t('metric.correctValue', { correct: evaluator.passed, total: evaluator.scored })}</td>
              <td className="numeric">{evaluator.unscorable}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
