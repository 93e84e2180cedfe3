// "Run on the dev split": a progress bar while it runs, then the metric and the per-case table.
import { GalleryThumbs } from './gallery-thumbs.js';
import { useEffect, useState, type ReactNode } from 'react';
import type { PublicTask } from '../../../server/core/api.js';
import type { CaseReport, GradeReport } from '../../../server/core/grade-report.js';
import { useI18n } from '../i18n/i18n.js';
import { useDevRun } from '../lib/use-dev-run.js';
import { CaseTable } from './case-table.js';
import { ConfusionMatrix } from './confusion-matrix.js';
import { MetricSummary } from './metric-summary.js';
import { ProgressBar } from './progress-bar.js';
import { ErrorBox } from './status.js';

type Props = {
  task: PublicTask;
  program: unknown;
  modelLabel: string;
  /** Dev cases used as few-shot examples: scoring them would flatter the prompt. */
  usedAsExamples?: string[];
  renderInput?: (item: CaseReport) => ReactNode;
  extra?: (report: GradeReport) => ReactNode;
  onReport?: (report: GradeReport | null) => void;
};

export function DevRunSection({ task, program, modelLabel, usedAsExamples = [], renderInput, extra, onReport }: Props) {
  const { t } = useI18n();
  const { state, start, cancel } = useDevRun(task.id);
  const [skipExamples, setSkipExamples] = useState(true);
  const skipped = skipExamples ? new Set(usedAsExamples) : new Set<string>();
  const caseIds = skipped.size ? task.dev.map((c) => c.id).filter((id) => !skipped.has(id)) : undefined;
  const run = () => start(program, caseIds);
  // Image tasks show each case's picture, and classification reports their confusion matrix.
  const imageOf = (item: CaseReport) => task.dev.find((c) => c.id === item.caseId)?.image;
  const showInput =
    renderInput ??
    (task.modality === 'image-text'
      ? (item: CaseReport) => {
          const src = imageOf(item);
          return src ? <img className="case-thumb" src={src} alt={item.caseId} width={48} height={48} /> : <span className="pre-wrap">{item.input}</span>;
        }
      : undefined);
  const showExtra = extra ?? ((result: GradeReport) => (result.confusion ? <ConfusionMatrix confusion={result.confusion} /> : null));
  const report = state.status === 'done' ? state.report : null;
  useEffect(() => onReport?.(report), [report, onReport]);
  return (
    <section className="panel dev-run" aria-labelledby="dev-run-title">
      <div className="panel-head">
        <h2 id="dev-run-title" className="panel-title">
          {t('devRun.title')}
        </h2>
        <div className="actions">
          {state.status === 'running' ? (
            <button type="button" className="button secondary" onClick={cancel}>
              {t('common.cancel')}
            </button>
          ) : (
            <button type="button" className="button primary" onClick={() => void run()} disabled={task.dev.length === 0}>
              {t('devRun.run', { count: caseIds?.length ?? task.dev.length })}
            </button>
          )}
        </div>
      </div>
      {usedAsExamples.length > 0 ? (
        <label className="checkbox">
          <input type="checkbox" checked={skipExamples} onChange={(event) => setSkipExamples(event.target.checked)} />
          {t('devRun.skipExamples', { count: usedAsExamples.length })}
        </label>
      ) : null}
      {state.status === 'idle' ? <p className="muted small">{t('devRun.hint')}</p> : null}
      {state.status === 'running' ? (
        <ProgressBar
          label={t('devRun.progress')}
          done={state.progress?.done ?? 0}
          total={state.progress?.total ?? caseIds?.length ?? task.dev.length}
          errored={state.progress?.errored ?? 0}
        />
      ) : null}
      {state.status === 'error' ? <ErrorBox error={state.error} title={t('devRun.failed', { model: modelLabel })} onRetry={() => void run()} /> : null}
      {report ? (
        <>
          <MetricSummary report={report} showPoints="estimate" />
          {report.counts.errored > 0 ? <p className="warn-box">{t('devRun.someErrored', { count: report.counts.errored, model: modelLabel })}</p> : null}
          {showExtra(report)}
          <CaseTable
            cases={report.cases}
            threshold={task.metric.threshold}
            caption={t('devRun.title')}
            {...(showInput ? { renderInput: showInput } : {})}
            {...(task.modality === 'image-text' && task.mode === 'retrieve'
              ? { renderValue: (value: unknown, fallback: ReactNode) => <GalleryThumbs taskId={task.id} value={value} fallback={fallback} /> }
              : {})}
          />
        </>
      ) : null}
    </section>
  );
}
