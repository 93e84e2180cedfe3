// The headline of a run or report: the metric, how many cases were right, errors, points. A
// submission's report adds its dev cases' metric beside the hidden one, for reference.
import type { StudentGradeReport } from '../../../server/core/grade-report.js';
import { useI18n } from '../i18n/i18n.js';

type Props = { report: StudentGradeReport; showPoints: 'earned' | 'estimate' /** Names the split the metric is on (default: "Metric"). */; label?: string };

export function MetricSummary({ report, showPoints, label }: Props) {
  const { t, number, percent } = useI18n();
  return (
    <dl className="metric-summary">
      <div className="metric-main">
        <dt>{label ?? t('metric.label', { aggregate: report.aggregate })}</dt>
        <dd data-testid="metric-value">{percent(report.metric)}</dd>
      </div>
      <div>
        <dt>{t('metric.correct')}</dt>
        <dd>{t('metric.correctValue', { correct: report.counts.correct, total: report.counts.total })}</dd>
      </div>
      <div>
        <dt>{t('metric.errored')}</dt>
        <dd className={report.counts.errored ? 'warn' : ''}>{report.counts.errored}</dd>
      </div>
      <div>
        <dt>{showPoints === 'earned' ? t('metric.points') : t('metric.pointsEstimate')}</dt>
        <dd>{t('metric.pointsValue', { points: number(report.points, 2), max: number(report.maxPoints, 1) })}</dd>
      </div>
      {report.dev ? (
        <div className="metric-dev">
          <dt>{t('report.devMetric', { aggregate: report.aggregate })}</dt>
          <dd data-testid="dev-metric-value">{percent(report.dev.metric)}</dd>
          <dd className="small muted">{t('report.devMetricDetail', { correct: report.dev.correct, total: report.dev.total, errored: report.dev.errored })}</dd>
        </div>
      ) : null}
    </dl>
  );
}
