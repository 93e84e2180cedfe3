// The staff reference program's result for item analysis: when it was graded (and its metric), or
// a button that grades it in the background; the page reloads the analysis when the job ends.
import { useState } from 'react';
import type { AnalysisJobView, ItemAnalysis } from '../../../server/core/analysis-api.js';
import { analysis as api } from '../api/analysis-endpoints.js';
import { asApiError } from '../api/api-error.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { AnalysisJobStatus } from './analysis-job-status.js';
import { useAnalysisJob } from './use-analysis-job.js';

export function ReferencePanel({
  taskId,
  reference,
  latestJob,
  onFinished,
}: {
  taskId: string;
  reference: ItemAnalysis['reference'];
  latestJob: AnalysisJobView | null;
  onFinished: () => void;
}) {
  const { t, number, date } = useI18n();
  const { job, setJob, error, setError } = useAnalysisJob(latestJob, onFinished);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setJob((await api.gradeReference(taskId)).job);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="reference-title" data-testid="reference-panel">
      <h2 id="reference-title" className="panel-title">
        {t('analysis.reference.title')}
      </h2>
      <p className="help">{t('analysis.reference.help')}</p>
      <p data-testid="reference-state">
        {reference ? t('analysis.reference.graded', { date: date(reference.gradedAt), metric: number(reference.metric, 3) }) : t('analysis.reference.none')}
      </p>
      <div className="actions">
        <button type="button" className="button secondary" onClick={() => void start()} disabled={busy || job?.state === 'running'}>
          {t('analysis.reference.start')}
        </button>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {job && (job.state !== 'done' || !reference) ? <AnalysisJobStatus job={job} /> : null}
    </section>
  );
}
