// Where a background analysis job stands: a progress bar while it runs, the error when it failed.
import type { AnalysisJobView } from '../../../server/core/analysis-api.js';
import { ProgressBar } from '../components/progress-bar.js';
import { useI18n } from '../i18n/i18n.js';

export function AnalysisJobStatus({ job }: { job: AnalysisJobView }) {
  const { t } = useI18n();
  if (job.state === 'failed')
    return (
      <p className="error-message" role="alert" data-testid="analysis-job-failed">
        {t('analysis.job.failed', { error: job.error ?? '' })}
      </p>
    );
  return (
    <div aria-live="polite" data-testid="analysis-job" data-state={job.state}>
      <ProgressBar label={job.state === 'running' ? t('analysis.job.running') : t('analysis.job.done')} done={job.done} total={job.total} />
    </div>
  );
}
