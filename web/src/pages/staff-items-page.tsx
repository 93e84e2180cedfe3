// Staff: item analysis of a task. The grade distribution (points and metric, with median and
// quartiles), the flagged cases with why and the data line to fix, every case's statistics, the
// results per model, the reference program's grading and the CSV export.
import { useCallback } from 'react';
import { analysis as api } from '../api/analysis-endpoints.js';
import { Empty, ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import { Link, navigate, useLocation } from '../router/router.js';
import { AnalysisTaskPicker } from '../staff/analysis-task-picker.js';
import { Histogram } from '../staff/histogram.js';
import { ItemCasesTable } from '../staff/item-cases-table.js';
import { ModelResultsTable } from '../staff/model-results-table.js';
import { ReferencePanel } from '../staff/reference-panel.js';

export function StaffItemsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('analysis.items.title'));
  const taskId = useLocation().query.get('taskId');
  const items = useAsync((signal) => (taskId ? api.items(taskId, signal) : Promise.resolve(null)), [taskId]);
  const reload = items.reload;
  const onReferenceFinished = useCallback(() => reload(), [reload]);
  const data = items.data;
  const flagged = data ? data.analysis.cases.filter((c) => c.flags.length > 0) : [];
  return (
    <>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link to="/staff">{t('staff.title')}</Link>
          </p>
          <h1>{t('analysis.items.title')}</h1>
        </div>
        {taskId ? (
          <div className="actions">
            <a className="button secondary" href={api.itemsCsvPath(taskId)} download>
              {t('analysis.items.csv')}
            </a>
          </div>
        ) : null}
      </div>
      <p className="lead">{t('analysis.items.lead')}</p>
      <AnalysisTaskPicker taskId={taskId} onChange={(id) => navigate(`/staff/items?taskId=${encodeURIComponent(id)}`, { replace: true })} />
      {items.error ? <ErrorBox error={items.error} onRetry={items.reload} /> : null}
      {taskId && !data && !items.error ? <Loading /> : null}
      {data && taskId ? (
        <>
          <ReferencePanel taskId={taskId} reference={data.analysis.reference} latestJob={data.referenceJob} onFinished={onReferenceFinished} />
          <section className="panel" aria-labelledby="distribution-title">
            <h2 id="distribution-title" className="panel-title" data-testid="item-programs">
              {t('analysis.items.programs', { count: data.analysis.programs })}
            </h2>
            {data.analysis.programs === 0 ? (
              <Empty>{t('analysis.items.none')}</Empty>
            ) : (
              <div className="histograms">
                <Histogram title={t('analysis.items.points')} distribution={data.analysis.points} digits={2} testId="histogram-points" />
                <Histogram title={t('analysis.items.metric')} distribution={data.analysis.metric} digits={2} testId="histogram-metric" />
              </div>
            )}
          </section>
          <section className="panel" aria-labelledby="flagged-title">
            <h2 id="flagged-title" className="panel-title">
              {t('analysis.items.flagged', { count: flagged.length })}
            </h2>
            <p className="help">{t('analysis.items.help')}</p>
            {flagged.length ? (
              <ItemCasesTable cases={flagged} caption={t('analysis.items.flagged', { count: flagged.length })} testId="flagged-cases" />
            ) : (
              <Empty>{t('analysis.items.noFlags')}</Empty>
            )}
          </section>
          <section className="panel" aria-labelledby="models-title">
            <h2 id="models-title" className="panel-title">
              {t('analysis.models.title')}
            </h2>
            <ModelResultsTable models={data.analysis.models} />
          </section>
          <section className="panel" aria-labelledby="cases-title">
            <h2 id="cases-title" className="panel-title">
              {t('analysis.items.allCases')}
            </h2>
            <ItemCasesTable cases={data.analysis.cases} caption={t('analysis.items.allCases')} testId="all-cases" />
          </section>
        </>
      ) : null}
    </>
  );
}
