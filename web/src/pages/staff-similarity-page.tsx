// Staff: prompt similarity of a task. Starts the background comparison of the counted programs
// (with a threshold), follows its progress, lists the pairs found and shows a chosen pair side by
// side. Task and pair live in the address (?taskId=&a=&b=).
import { useCallback, useState } from 'react';
import { analysis as api } from '../api/analysis-endpoints.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { Empty, ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import { Link, navigate, useLocation } from '../router/router.js';
import { AnalysisJobStatus } from '../staff/analysis-job-status.js';
import { AnalysisTaskPicker } from '../staff/analysis-task-picker.js';
import { PairView } from '../staff/pair-view.js';
import { SimilarityPairs } from '../staff/similarity-pairs.js';
import { useAnalysisJob } from '../staff/use-analysis-job.js';

export function StaffSimilarityPage() {
  const { t } = useI18n();
  useDocumentTitle(t('analysis.similarity.title'));
  const query = useLocation().query;
  const taskId = query.get('taskId');
  const a = query.get('a');
  const b = query.get('b');
  const state = useAsync((signal) => (taskId ? api.similarity(taskId, signal) : Promise.resolve(null)), [taskId]);
  const pair = useAsync((signal) => (taskId && a && b ? api.pair(taskId, a, b, signal) : Promise.resolve(null)), [taskId, a, b]);
  const reload = state.reload;
  const onFinished = useCallback(() => reload(), [reload]);
  const { job, setJob, error, setError } = useAnalysisJob(state.data?.job ?? null, onFinished);
  const [threshold, setThreshold] = useState('0.5');
  const [startError, setStartError] = useState<ApiError | null>(null);
  const go = (id: string) => navigate(`/staff/similarity?taskId=${encodeURIComponent(id)}`, { replace: true });

  const start = async () => {
    if (!taskId) return;
    setStartError(null);
    setError(null);
    try {
      setJob((await api.startSimilarity(taskId, Number(threshold))).job);
    } catch (failure) {
      setStartError(asApiError(failure));
    }
  };
  const result = state.data?.result ?? null;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link to="/staff">{t('staff.title')}</Link>
          </p>
          <h1>{t('analysis.similarity.title')}</h1>
        </div>
      </div>
      <p className="lead">{t('analysis.similarity.lead')}</p>
      <AnalysisTaskPicker taskId={taskId} onChange={go} />
      {state.error ? <ErrorBox error={state.error} onRetry={state.reload} /> : null}
      {taskId && !state.data && !state.error ? <Loading /> : null}
      {taskId && state.data ? (
        <section className="panel" aria-labelledby="similarity-title" data-testid="similarity-panel">
          <h2 id="similarity-title" className="panel-title">
            {t('analysis.similarity.title')}
          </h2>
          <div className="inline-fields">
            <div className="field">
              <label htmlFor="similarity-threshold">{t('analysis.similarity.threshold')}</label>
              <input
                id="similarity-threshold"
                type="number"
                min={0.05}
                max={1}
                step={0.05}
                value={threshold}
                onChange={(event) => setThreshold(event.target.value)}
              />
            </div>
            <div className="actions">
              <button type="button" className="button" onClick={() => void start()} disabled={job?.state === 'running'}>
                {t('analysis.similarity.start')}
              </button>
            </div>
          </div>
          {startError ? <ErrorBox error={startError} /> : null}
          {error ? <ErrorBox error={error} /> : null}
          {job && job.state !== 'done' ? <AnalysisJobStatus job={job} /> : null}
          {result && job?.state !== 'running' ? <SimilarityPairs taskId={taskId} result={result} /> : null}
          {!job && !result ? <Empty>{t('analysis.similarity.never')}</Empty> : null}
        </section>
      ) : null}
      {pair.error ? <ErrorBox error={pair.error} /> : null}
      {pair.data && taskId ? <PairView pair={pair.data} onClose={() => go(taskId)} /> : null}
    </>
  );
}
