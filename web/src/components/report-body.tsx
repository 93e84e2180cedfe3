// The graded part of a report: headline metric and points (hidden test split, with the dev cases'
// metric beside it), per-evaluator breakdown, confusion matrix, study comparison, the dev cases in
// detail, and the hidden cases as counts only (staff see every case).
import type { ReactNode } from 'react';
import { GalleryThumbs } from './gallery-thumbs.js';
import { percentDigits } from '../../../server/shared/percent-digits.js';
import type { PublicTask } from '../../../server/core/api.js';
import type { StudentGradeReport } from '../../../server/core/grade-report.js';
import { useI18n } from '../i18n/i18n.js';
import { CaseTable } from './case-table.js';
import { ConfusionMatrix } from './confusion-matrix.js';
import { EvaluatorTable } from './evaluator-table.js';
import { MetricSummary } from './metric-summary.js';
import { StudySummary } from './study-summary.js';

export function ReportBody({ report, task, staff }: { report: StudentGradeReport; task: PublicTask | null; staff: boolean }) {
  const { t } = useI18n();
  const threshold = task?.metric.threshold ?? 1;
  const dev = report.cases.filter((c) => !c.hidden);
  const hiddenDetailed = report.cases.filter((c) => c.hidden);
  // A test-split report's counts, evaluators and confusion matrix are all on the hidden cases.
  const onHidden = report.split === 'test';
  const best = report.study?.bestVariant ?? null;
  const imageOf = (caseId: string) => task?.dev.find((c) => c.id === caseId)?.image;
  return (
    <>
      <section className="panel" aria-labelledby="score-title">
        <h2 id="score-title" className="panel-title">
          {t('report.score')}
        </h2>
        <MetricSummary report={report} showPoints="earned" label={onHidden ? t('report.hiddenMetric', { aggregate: report.aggregate }) : undefined} />
        {best ? <p className="help">{t('report.studyHeadline', { name: best })}</p> : null}
        <p className="help">
          {t('report.pointsPolicy', {
            baseline: (report.baseline * 100).toFixed(percentDigits(report.baseline)),
            target: (report.target * 100).toFixed(percentDigits(report.target)),
          })}
        </p>
        {report.dev ? <p className="help">{t('report.devNotCounted')}</p> : null}
      </section>
      {report.study ? <StudySummary study={report.study} config={task?.study ?? null} /> : null}
      <section className="panel" aria-labelledby="evaluators-title">
        <h2 id="evaluators-title" className="panel-title">
          {onHidden ? t('report.evaluatorsHidden') : t('report.evaluators')}
        </h2>
        <EvaluatorTable evaluators={report.evaluators} />
        {report.confusion ? <ConfusionMatrix confusion={report.confusion} /> : null}
      </section>
      {onHidden && report.counts.total > 0 ? (
        <section className="panel" aria-labelledby="hidden-title">
          <h2 id="hidden-title" className="panel-title">
            {t('report.hidden')}
          </h2>
          <p data-testid="hidden-counts">
            {t('report.hiddenCounts', { total: report.counts.total, correct: report.counts.correct, errored: report.counts.errored })}
          </p>
          {!staff ? <p className="help">{t('report.hiddenHelp')}</p> : null}
        </section>
      ) : null}
      {dev.length > 0 || (staff && hiddenDetailed.length > 0) ? (
        <section className="panel" aria-labelledby="cases-title">
          <h2 id="cases-title" className="panel-title">
            {staff ? t('report.allCases') : best ? t('report.devCasesBest', { name: best }) : t('report.devCases')}
          </h2>
          {!staff ? <p className="help">{t('report.devCasesHelp', { count: dev.length })}</p> : null}
          <CaseTable
            cases={staff ? report.cases : dev}
            threshold={threshold}
            caption={staff ? t('report.allCases') : t('report.devCases')}
            {...(task?.modality === 'image-text' && task.mode === 'retrieve'
              ? { renderValue: (value: unknown, fallback: ReactNode) => <GalleryThumbs taskId={task.id} value={value} fallback={fallback} /> }
              : {})}
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
