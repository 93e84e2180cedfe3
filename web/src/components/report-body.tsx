// The graded part of a report: headline metric and points, per-evaluator breakdown, confusion
// matrix, study comparison, dev cases in detail and hidden cases as counts only.
import type { PublicTask } from '../../../server/core/api.js';
import type { GradeReport } from '../../../server/core/grade-report.js';
import { useI18n } from '../i18n/i18n.js';
import { isFailure } from '../lib/case-outcome.js';
import { CaseTable } from './case-table.js';
import { ConfusionMatrix } from './confusion-matrix.js';
import { EvaluatorTable } from './evaluator-table.js';
import { MetricSummary } from './metric-summary.js';
import { StudySummary } from './study-summary.js';

export function ReportBody({ report, task, staff }: { report: GradeReport; task: PublicTask | null; staff: boolean }) {
  const { t } = useI18n();
  const threshold = task?.metric.threshold ?? 1;
  const visible = report.cases.filter((c) => !c.hidden);
  const hiddenDetailed = report.cases.filter((c) => c.hidden);
  // Students get hidden cases only as counts: what the totals say beyond the visible cases.
  const hiddenTotal = Math.max(0, report.counts.total - visible.length);
  const hiddenCorrect = Math.max(0, report.counts.correct - visible.filter((c) => !isFailure(c, threshold)).length);
  const hiddenErrored = Math.max(0, report.counts.errored - visible.filter((c) => c.error !== undefined).length);
  const imageOf = (caseId: string) => task?.dev.find((c) => c.id === caseId)?.image;
  return (
    <>
      <section className="panel" aria-labelledby="score-title">
        <h2 id="score-title" className="panel-title">
          {t('report.score')}
        </h2>
        <MetricSummary report={report} showPoints="earned" />
        <p className="help">{t('report.pointsPolicy', { baseline: (report.baseline * 100).toFixed(0), target: (report.target * 100).toFixed(0) })}</p>
      </section>
      {report.study ? <StudySummary study={report.study} /> : null}
      <section className="panel" aria-labelledby="evaluators-title">
        <h2 id="evaluators-title" className="panel-title">
          {t('report.evaluators')}
        </h2>
        <EvaluatorTable evaluators={report.evaluators} />
        {report.confusion ? <ConfusionMatrix confusion={report.confusion} /> : null}
      </section>
      {hiddenTotal > 0 ? (
        <section className="panel" aria-labelledby="hidden-title">
          <h2 id="hidden-title" className="panel-title">
            {t('report.hidden')}
          </h2>
          <p data-testid="hidden-counts">{t('report.hiddenCounts', { total: hiddenTotal, correct: hiddenCorrect, errored: hiddenErrored })}</p>
          {!staff ? <p className="help">{t('report.hiddenHelp')}</p> : null}
        </section>
      ) : null}
      {visible.length > 0 || (staff && hiddenDetailed.length > 0) ? (
        <section className="panel" aria-labelledby="cases-title">
          <h2 id="cases-title" className="panel-title">
            {staff ? t('report.allCases') : t('report.devCases')}
          </h2>
          <CaseTable
            cases={staff ? report.cases : visible}
            threshold={threshold}
            caption={t('report.devCases')}
            renderInput={(item) => {
              const src = imageOf(item.caseId);
              return (
                <>
                  {src ? <img className="case-thumb" src={src} alt={item.caseId} width={48} height={48} /> : <span className="pre-wrap">{item.input}</span>}
                  {item.hidden ? <span className="badge warn">{t('report.hiddenBadge')}</span> : null}
                </>
              );
            }}
          />
        </section>
      ) : null}
    </>
  );
}
